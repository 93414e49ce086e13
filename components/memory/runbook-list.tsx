"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useDeferredValue, useId, useState, type FormEvent } from "react";
import { formatTimestamp } from "../format-time";
import { createRunbookRequest, memoryQueries, runbookPagePath } from "./memory-queries";
import styles from "./memory.module.css";

/** `/runbooks`: every runbook, a search over their sections, and a form to write a new one. */
export function RunbookList() {
  const list = useQuery(memoryQueries.runbookList());
  const [search, setSearch] = useState("");
  const query = useDeferredValue(search.trim());
  const results = useQuery(memoryQueries.runbookSearch(query));
  const [creating, setCreating] = useState(false);
  const searchId = useId();

  return (
    <article aria-labelledby="runbooks-heading">
      <h1 id="runbooks-heading">Runbooks</h1>
      <p className="muted">
        The agents search these before they propose a fix, and cite the sections they used. Runbooks from the runbooks directory are read-only here; write new ones below.
      </p>

      <form role="search" className={styles.toolbar} onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={searchId}>Search runbooks</label>
        <input id={searchId} type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="e.g. ImagePullBackOff currency" maxLength={1000} />
        <button type="button" className="primary" onClick={() => setCreating((open) => !open)} aria-expanded={creating}>
          {creating ? "Close the new runbook form" : "New runbook"}
        </button>
      </form>

      {creating ? <CreateRunbookForm onCancel={() => setCreating(false)} /> : null}

      {query.length >= 2 ? (
        <section aria-labelledby="search-results-heading">
          <h2 id="search-results-heading">Sections matching “{query}”</h2>
          {results.isError ? (
            <p className="error" role="alert">
              Search failed: {results.error.message}
            </p>
          ) : !results.data ? (
            <p className="muted">Searching…</p>
          ) : results.data.passages.length === 0 ? (
            <p className="muted">No section matches; try other words (the error message, the event reason).</p>
          ) : (
            <ol className={styles.passages} data-testid="runbook-search-results">
              {results.data.passages.map((p) =>
                p.kind === "runbook" ? (
                  <li key={p.citation} className={styles.passage}>
                    <Link href={runbookPagePath(p.runbookSlug, p.anchor)}>{p.section}</Link> <span className="muted small">{p.runbookTitle}</span>
                    <p>{p.text.replace(/\s+/g, " ").slice(0, 240)}</p>
                  </li>
                ) : null,
              )}
            </ol>
          )}
          {results.data?.notes.map((note) => (
            <p key={note} className="muted small">
              {note}
            </p>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="all-runbooks-heading">
        <h2 id="all-runbooks-heading">All runbooks</h2>
        {list.isError ? (
          <p className="error" role="alert">
            Could not load the runbooks: {list.error.message}
          </p>
        ) : !list.data ? (
          <p className="muted">Loading runbooks…</p>
        ) : list.data.items.length === 0 ? (
          <p className="muted">No runbook yet: add Markdown files to the runbooks directory, or write one here.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Slug</th>
                  <th scope="col">Source</th>
                  <th scope="col">Sections</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.slug} data-testid="runbook-row">
                    <td>
                      <Link href={runbookPagePath(r.slug)}>{r.title}</Link>
                    </td>
                    <td>
                      <code>{r.slug}</code>
                    </td>
                    <td>{r.source === "dir" ? "directory (read-only)" : "written here"}</td>
                    <td>{r.chunkCount}</td>
                    <td>{formatTimestamp(r.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}

function CreateRunbookForm({ onCancel }: { onCancel: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [slug, setSlug] = useState("");
  const [body, setBody] = useState("");
  const ids = { title: useId(), slug: useId(), body: useId() };
  const create = useMutation({
    mutationFn: () => createRunbookRequest({ title: title.trim(), body, ...(slug.trim() ? { slug: slug.trim() } : {}) }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: memoryQueries.runbooks });
      router.push(runbookPagePath(created.slug));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  return (
    <form className={`panel ${styles.createForm}`} onSubmit={submit} aria-labelledby="new-runbook-heading">
      <h2 id="new-runbook-heading">New runbook</h2>
      <div className={styles.field}>
        <label htmlFor={ids.title}>Title</label>
        <input id={ids.title} value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={200} />
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.slug}>Slug (optional; made from the title)</label>
        <input id={ids.slug} value={slug} onChange={(event) => setSlug(event.target.value)} maxLength={200} placeholder="payment/connection-refused" />
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.body}>Markdown</label>
        <textarea id={ids.body} value={body} onChange={(event) => setBody(event.target.value)} required rows={12} className={styles.editor} placeholder={"# Checkout returns 503\n\n## Symptoms\n\n## Fix\n"} />
      </div>
      {create.isError ? (
        <p className={styles.problem} role="alert">
          Could not create the runbook: {create.error.message}
        </p>
      ) : null}
      <div className={styles.toolbar}>
        <button type="submit" className="primary" disabled={create.isPending || !title.trim() || !body.trim()}>
          {create.isPending ? "Creating…" : "Create runbook"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
