"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useDeferredValue, useId, useState } from "react";
import type { RunbookDetail } from "@/lib/memory/runbooks/manage-runbooks";
import { formatTimestamp } from "../format-time";
import { deleteRunbookRequest, memoryQueries, updateRunbookRequest } from "./memory-queries";
import { RunbookMarkdown } from "./runbook-markdown";
import styles from "./memory.module.css";

/**
 * `/runbooks/<slug>`: the runbook rendered (no raw HTML), with anchors its citations link to.
 * UI runbooks can be edited beside a live preview and deleted after a confirmation; directory
 * runbooks are read-only, because their file is the source and the next sync would undo an edit.
 */
export function RunbookPage({ slug }: { slug: string }) {
  const detail = useQuery(memoryQueries.runbook(slug));
  const [editing, setEditing] = useState(false);

  if (detail.isError) {
    return (
      <div className="panel" role="alert">
        <h1>Runbook not available</h1>
        <p className="error">{detail.error.message}</p>
        <p>
          <Link href="/runbooks">Back to runbooks</Link>
        </p>
      </div>
    );
  }
  const data = detail.data;
  if (!data) return <p className="muted">Loading runbook…</p>;

  return (
    <article aria-labelledby="runbook-heading">
      <p className="small">
        <Link href="/runbooks">← Runbooks</Link>
      </p>
      <h1 id="runbook-heading">{data.title}</h1>
      <p className="muted small">
        <code>{data.slug}</code> · {data.chunkCount} indexed section{data.chunkCount === 1 ? "" : "s"} · updated {formatTimestamp(data.updatedAt)}
      </p>
      {data.source === "dir" ? (
        <p className={styles.sourceNote} data-testid="runbook-readonly">
          This runbook comes from the runbooks directory (<code>{data.slug}.md</code>): its file is the source, so it is read-only here. Change the file and it is re-indexed.
        </p>
      ) : null}
      {editing && data.source === "ui" ? <RunbookEditor runbook={data} onDone={() => setEditing(false)} /> : <RunbookActions runbook={data} onEdit={() => setEditing(true)} />}
      {editing ? null : <RunbookMarkdown markdown={data.body} label="Runbook" />}
    </article>
  );
}

function RunbookActions({ runbook, onEdit }: { runbook: RunbookDetail; onEdit: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => deleteRunbookRequest({ slug: runbook.slug }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: memoryQueries.runbook(runbook.slug).queryKey });
      void queryClient.invalidateQueries({ queryKey: memoryQueries.runbooks });
      router.push("/runbooks");
    },
  });
  if (runbook.source !== "ui") return null;
  return (
    <>
      <div className={styles.toolbar}>
        <button type="button" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={confirming}>
          Delete…
        </button>
      </div>
      {confirming ? (
        <div className={styles.confirm} role="alertdialog" aria-labelledby="confirm-delete-heading">
          <p id="confirm-delete-heading">
            Delete “{runbook.title}”? The agents stop finding it at once; this cannot be undone.
          </p>
          <div className={styles.toolbar}>
            <button type="button" className="danger" onClick={() => remove.mutate()} disabled={remove.isPending} autoFocus>
              {remove.isPending ? "Deleting…" : "Delete runbook"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={remove.isPending}>
              Keep it
            </button>
          </div>
          {remove.isError ? (
            <p className={styles.problem} role="alert">
              Could not delete: {remove.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function RunbookEditor({ runbook, onDone }: { runbook: RunbookDetail; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(runbook.title);
  const [body, setBody] = useState(runbook.body);
  const preview = useDeferredValue(body);
  const ids = { title: useId(), body: useId(), preview: useId() };
  const dirty = title !== runbook.title || body !== runbook.body;
  const save = useMutation({
    mutationFn: () => updateRunbookRequest({ slug: runbook.slug, ...(title !== runbook.title ? { title } : {}), ...(body !== runbook.body ? { body } : {}) }),
    onSuccess: (next) => {
      queryClient.setQueryData(memoryQueries.runbook(runbook.slug).queryKey, next);
      void queryClient.invalidateQueries({ queryKey: [...memoryQueries.runbooks, "list"] });
      onDone();
    },
  });
  const cancel = () => {
    if (!dirty || window.confirm("Discard your changes to this runbook?")) onDone();
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (dirty && !save.isPending) save.mutate();
      }}
      aria-label="Edit runbook"
    >
      <div className={styles.field}>
        <label htmlFor={ids.title}>Title</label>
        <input id={ids.title} value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={200} />
      </div>
      <div className={styles.toolbar}>
        <button type="submit" className="primary" disabled={!dirty || save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" onClick={cancel} disabled={save.isPending}>
          Cancel
        </button>
        <span className="muted" role="status">
          {dirty ? "Unsaved changes" : "No changes"}
        </span>
      </div>
      {save.isError ? (
        <p className={styles.problem} role="alert">
          Could not save: {save.error.message}
        </p>
      ) : null}
      <div className={styles.panes}>
        <div className={styles.pane}>
          <label htmlFor={ids.body} className={styles.paneLabel}>
            Markdown
          </label>
          <textarea id={ids.body} className={styles.editor} value={body} onChange={(event) => setBody(event.target.value)} spellCheck />
        </div>
        <div className={styles.pane}>
          <span id={ids.preview} className={styles.paneLabel}>
            Preview
          </span>
          <RunbookMarkdown markdown={preview} label="Preview" />
        </div>
      </div>
    </form>
  );
}
