import type { Metadata } from "next";
import { PostmortemList } from "@/components/postmortem/postmortem-list";

export const metadata: Metadata = { title: "Postmortems · Agentic SRE" };

export default function PostmortemsPage() {
  return <PostmortemList />;
}
