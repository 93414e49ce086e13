"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useEffect, useId, useState, type KeyboardEvent } from "react";
import Markdown from "react-markdown";
import type { PostmortemDetail } from "@/lib/postmortems/postmortem-views";
import { formatTimestamp } from "../format-time";
import { PostmortemStatusBadge } from "./postmortem-status-badge";
import { draftIncidentPostmortem, postmortemQueries, reviewPostmortem, savePostmortem } from "./postmortem-queries";
import styles from "./postmortem.module.css";

/** Local edits, with the version they started from (sent as `baseUpdatedAt` so a stale save is refused). */
interface Edits {
  text: string;
  baseUpdatedAt: string;
}

/**
 * `/postmortems/[id]`: the markdown beside its live preview (no raw HTML is rendered), Save, Mark
 * reviewed, and who drafted, edited and reviewed it. Ctrl/Cmd+S saves from the editor.
 */
export function PostmortemEditor({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const detail = useQuery(postmortemQueries.detail(id));
  const [edits, setEdits] = useState<Edits | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const editorId = useId();
  const previewId = useId();

  const data = detail.data;
  const text = edits?.text ?? data?.markdown ?? "";
  const preview = useDeferredValue(text);
  const dirty = Boolean(data && edits && edits.text !== data.markdown);

  const settle = (next: PostmortemDetail, message: string) => {
    queryClient.setQueryData(postmortemQueries.detail(id).queryKey, next);
    void queryClient.invalidateQueries({ queryKey: [...postmortemQueries.all, "list"] });
    setEdits(null);
    setNotice(message);
  };
  const save = useMutation({
    mutationFn: () => savePostmortem({ id, markdown: text, baseUpdatedAt: edits?.baseUpdatedAt ?? data!.updatedAt }),
    onSuccess: (next) => settle(next, "Saved."),
  });
  const review = useMutation({
    mutationFn: () => reviewPostmortem({ id }),
    onSuccess: (next) => settle(next, "Marked reviewed."),
  });
  const redraft = useMutation({
    mutationFn: () => draftIncidentPostmortem({ incidentId: data!.incidentId, redraft: true }),
    onSuccess: (result) => settle(result.postmortem, "Redrafted from the incident record."),
  });
  const busy = save.isPending || review.isPending || redraft.isPending;
  const failure = save.error ?? review.error ?? redraft.error;

  // Leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  if (detail.isError) {
    return (
      <p className="error" role="alert">
        Could not load this postmortem: {detail.error.message}. <Link href="/postmortems">Back to postmortems</Link>
      </p>
    );
  }
  if (!data) return <p className="muted">Loading postmortem…</p>;

  const edit = (value: string) => {
    setNotice(null);
    setEdits((current) => ({ text: value, baseUpdatedAt: current?.baseUpdatedAt ?? data.updatedAt }));
  };
  const saveShortcut = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if (dirty && !busy) save.mutate();
    }
  };
  const discardAndReload = () => {
    setEdits(null);
    save.reset();
    void detail.refetch();
  };
  const confirmRedraft = () => {
    if (window.confirm("Redraft from the incident record? The current text, including any edits, is replaced.")) redraft.mutate();
  };

  return (
    <article aria-labelledby="postmortem-heading">
      <div className={styles.header}>
        <h1 id="postmortem-heading">Postmortem: {data.incidentTitle}</h1>
        <PostmortemStatusBadge status={data.status} />
      </div>
      <div className={styles.meta} data-testid="postmortem-meta">
        <span>
          Incident <Link href={`/incidents/${encodeURIComponent(data.incidentId)}`}>{data.incidentTitle}</Link>
        </span>
        <span>Drafted {formatTimestamp(data.draftedAt)}</span>
        {data.updatedBy ? <span data-testid="postmortem-edited">Last edited by {data.updatedBy}, {formatTimestamp(data.updatedAt)}</span> : null}
        <span data-testid="postmortem-reviewed">{data.reviewedBy && data.reviewedAt ? `Reviewed by ${data.reviewedBy}, ${formatTimestamp(data.reviewedAt)}` : "Not reviewed yet"}</span>
      </div>

      <div className={styles.actions}>
        <button type="button" className={styles.primary} onClick={() => save.mutate()} disabled={!dirty || busy} aria-describedby={`${editorId}-state`}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
        {data.status === "draft" ? (
          <button type="button" onClick={() => review.mutate()} disabled={dirty || busy} title={dirty ? "Save your edits first" : undefined}>
            {review.isPending ? "Marking reviewed…" : "Mark reviewed"}
          </button>
        ) : null}
        {data.status === "draft" ? (
          <button type="button" onClick={confirmRedraft} disabled={busy}>
            {redraft.isPending ? "Redrafting…" : "Redraft from record"}
          </button>
        ) : null}
        <span id={`${editorId}-state`} className="muted" role="status" aria-live="polite">
          {dirty ? "Unsaved changes" : (notice ?? (data.status === "reviewed" ? "Reviewed; edits keep it reviewed and record who made them." : "All changes saved."))}
        </span>
      </div>
      {dirty && data.status === "draft" ? <p className="muted">Save your edits before marking the postmortem reviewed.</p> : null}
      {failure ? (
        <div className={styles.problem} role="alert">
          {failure.message}
          {save.error && (save.error as { status?: number }).status === 409 ? (
            <>
              {" "}
              <button type="button" onClick={discardAndReload}>
                Discard my edits and load the latest
              </button>
            </>
          ) : null}
        </div>
      ) : null}

      <div className={styles.panes}>
        <div className={styles.pane}>
          <label htmlFor={editorId} className={styles.paneLabel}>
            Markdown
          </label>
          <textarea
            id={editorId}
            className={styles.editor}
            value={text}
            onChange={(event) => edit(event.target.value)}
            onKeyDown={saveShortcut}
            spellCheck
            data-testid="postmortem-markdown"
          />
        </div>
        <div className={styles.pane}>
          <span id={previewId} className={styles.paneLabel}>
            Preview
          </span>
          <div className={styles.preview} role="region" aria-labelledby={previewId} data-testid="postmortem-preview">
            <Markdown skipHtml>{preview}</Markdown>
          </div>
        </div>
      </div>
    </article>
  );
}
