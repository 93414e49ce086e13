"use client";

import Link from "next/link";
import { runbookPagePath } from "./memory-queries";
import styles from "./memory.module.css";

/** A runbook passage a proposal cites (`slug#anchor`, its section path, the runbook's title). */
export interface RunbookCitationView {
  citation: string;
  section: string;
  runbook: string;
}

/** `slug#anchor` split for a link; a citation that is a URL (an alert's runbook_url) links out as is. */
function hrefOf(citation: string): { href: string; external: boolean } {
  if (/^https?:\/\//.test(citation)) return { href: citation, external: true };
  const hash = citation.indexOf("#");
  const slug = hash === -1 ? citation : citation.slice(0, hash);
  const anchor = hash === -1 ? undefined : citation.slice(hash + 1);
  return { href: runbookPagePath(slug, anchor || undefined), external: false };
}

/** The runbook passages that informed a proposal, each linking to its section. */
export function RunbookCitations({ citations }: { citations: readonly RunbookCitationView[] }) {
  if (citations.length === 0) return <p className="muted small">No runbook passage informed this proposal.</p>;
  return (
    <ul className={styles.citations} aria-label="Runbook passages cited" data-testid="runbook-citations">
      {citations.map((c) => {
        const { href, external } = hrefOf(c.citation);
        return (
          <li key={c.citation}>
            {external ? (
              <a href={href} rel="noopener noreferrer" target="_blank">
                {c.section || c.citation}
              </a>
            ) : (
              <Link href={href}>{c.section || c.citation}</Link>
            )}{" "}
            <span className={styles.citationRunbook}>
              {c.runbook} · <code>{c.citation}</code>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
