import type { Metadata } from "next";
import { RunbookPage } from "@/components/memory/runbook-page";

export const metadata: Metadata = { title: "Runbook · Agentic SRE" };

// Catch-all: runbook slugs may hold "/" (their path under the runbooks directory).
export default async function RunbookSlugPage({ params }: { params: Promise<{ slug: string[] }> }) {
  const { slug } = await params;
  return <RunbookPage slug={slug.join("/")} />;
}
