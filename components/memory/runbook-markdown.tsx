"use client";

import type { ReactNode } from "react";
import Markdown, { type Components, type ExtraProps } from "react-markdown";
import { slugifyHeading } from "@/lib/memory/runbooks/chunk-markdown";
import styles from "./memory.module.css";

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const FENCE = /^\s*(?:(?:[-*+]|\d+[.)])\s+)?(```|~~~)/;

/**
 * Anchor of each ATX heading by source line, computed the way the runbook indexer computes
 * citations (`slugifyHeading`, duplicates numbered), so `/runbooks/<slug>#<anchor>` lands on
 * the cited section.
 */
export function headingAnchorsByLine(markdown: string): Map<number, string> {
  const anchors = new Map<number, string>();
  const seen = new Map<string, number>();
  let fence: string | null = null;
  markdown.split("\n").forEach((line, index) => {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      fence = fence === null ? fenceMatch[1]! : fence === fenceMatch[1] ? null : fence;
      return;
    }
    if (fence !== null) return;
    const heading = HEADING.exec(line);
    if (!heading) return;
    const base = slugifyHeading(heading[2]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.set(index + 1, count === 0 ? base : `${base}-${count}`);
  });
  return anchors;
}

type HeadingProps = { children?: ReactNode } & ExtraProps;

/** A runbook's markdown, rendered without raw HTML, with anchors on its headings. */
export function RunbookMarkdown({ markdown, label }: { markdown: string; label: string }) {
  const anchors = headingAnchorsByLine(markdown);
  const heading = (Tag: "h1" | "h2" | "h3" | "h4" | "h5" | "h6") =>
    function AnchoredHeading({ children, node }: HeadingProps) {
      const id = node?.position ? anchors.get(node.position.start.line) : undefined;
      return <Tag id={id || undefined}>{children}</Tag>;
    };
  // The page has its own h1 (the runbook's title): the markdown's headings sit one level below it.
  const components: Components = { h1: heading("h2"), h2: heading("h3"), h3: heading("h4"), h4: heading("h5"), h5: heading("h6"), h6: heading("h6") };
  return (
    <div className={styles.markdown} role="region" aria-label={label} data-testid="runbook-markdown">
      <Markdown skipHtml components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}
