import type { Metadata } from "next";
import { PostmortemEditor } from "@/components/postmortem/postmortem-editor";

export const metadata: Metadata = { title: "Postmortem · Agentic SRE" };

export default async function PostmortemPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PostmortemEditor id={id} />;
}
