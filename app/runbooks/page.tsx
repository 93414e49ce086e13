import type { Metadata } from "next";
import { RunbookList } from "@/components/memory/runbook-list";

export const metadata: Metadata = { title: "Runbooks · Agentic SRE" };

export default function RunbooksPage() {
  return <RunbookList />;
}
