/**
 * Deterministic answers from tool results, for the rules path: a few sentences that answer the
 * question first ("2 rollouts of checkout in the last 60 min..."), then the facts they rest on.
 * Tool output is cluster data (untrusted) and is quoted, never interpreted as instructions.
 */
import type { AskTopic } from "./parse-ask-intent";

/** A tool call's result as the composer reads it. */
export interface ComposedToolResult {
  tool: string;
  ok: boolean;
  output: string;
  data?: unknown;
}

export interface ComposeAnswerOptions {
  topic: AskTopic;
  subject: string | null;
  windowMinutes?: number;
  matching?: string;
  results: readonly ComposedToolResult[];
  now: Date;
}

interface RevisionData {
  revision: number;
  images?: string[];
  createdAt?: string | null;
  changeCause?: string | null;
}
interface EventData {
  type?: string;
  reason?: string;
  object?: { kind?: string; name?: string };
  count?: number;
  message?: string;
}
interface PassageData {
  kind?: string;
  citation?: string;
  section?: string;
  title?: string;
  text?: string;
}

/** Most lines quoted from a tool's output in an answer (the full output is in the tool calls). */
const MAX_QUOTED_LINES = 20;

const asRecord = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const asArray = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
const minutesText = (minutes: number) => (minutes % 60 === 0 && minutes >= 60 ? `${minutes / 60} hour${minutes === 60 ? "" : "s"}` : `${minutes} min`);
const quote = (text: string, max = MAX_QUOTED_LINES) => {
  const lines = text.split("\n");
  return lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more lines in the tool output`].join("\n") : text;
};

function failed(result: ComposedToolResult | undefined, what: string): string | null {
  if (!result) return null;
  return result.ok ? null : `Could not read ${what}: ${result.output}`;
}

function composeChanges({ subject, windowMinutes = 60, results, now }: ComposeAnswerOptions): string {
  const [history, diff, events] = [results.find((r) => r.tool === "rollout_history"), results.find((r) => r.tool === "rollout_diff"), results.find((r) => r.tool === "list_events")];
  const name = subject ?? "the deployment";
  const since = now.getTime() - windowMinutes * 60_000;
  const window = `the last ${minutesText(windowMinutes)}`;
  const lines: string[] = [];

  const historyProblem = failed(history, `the rollout history of ${name}`);
  if (historyProblem) lines.push(historyProblem);
  else if (history) {
    const data = asRecord(history.data);
    const revisions = asArray<RevisionData>(data.revisions);
    const recent = revisions.filter((r) => r.createdAt && Date.parse(r.createdAt) >= since);
    const current = typeof data.currentRevision === "string" ? data.currentRevision : "?";
    if (recent.length === 0) {
      const newest = revisions[0];
      lines.push(`No rollout of ${name} in ${window}: it runs revision ${current}${newest?.createdAt ? `, created ${newest.createdAt}` : ""}.`);
    } else {
      lines.push(`${recent.length} rollout${recent.length === 1 ? "" : "s"} of ${name} in ${window} (current revision ${current}):`);
      for (const r of recent) lines.push(`- revision ${r.revision} at ${r.createdAt}: images ${(r.images ?? []).join(", ") || "?"}${r.changeCause ? ` (change-cause: ${r.changeCause})` : ""}`);
    }
    const diffProblem = failed(diff, `the rollout diff of ${name}`);
    if (diff && !diffProblem) {
      const d = asRecord(diff.data);
      const changes = asArray<{ field?: string; before?: string | null; after?: string | null }>(d.changes);
      const toRevision = asRecord(revisions.find((r) => r.revision === d.to));
      const inWindow = typeof toRevision.createdAt === "string" && Date.parse(toRevision.createdAt) >= since;
      const label = `Revision ${String(d.from)} -> ${String(d.to)}${inWindow ? "" : " (before this window)"}`;
      if (changes.length === 0) lines.push(`${label}: the pod templates are identical.`);
      else {
        lines.push(`${label} changed ${changes.length} field${changes.length === 1 ? "" : "s"} of the pod template:`);
        for (const c of changes.slice(0, 10)) lines.push(`- ${c.field}: ${c.before ?? "<unset>"} -> ${c.after ?? "<unset>"}`);
      }
    } else if (diffProblem && !/no revision before/.test(diffProblem)) {
      lines.push(diffProblem);
    }
  }

  const eventsProblem = failed(events, "the namespace's events");
  if (eventsProblem) lines.push(eventsProblem);
  else if (events) {
    const about = asArray<EventData>(asRecord(events.data).events).filter((e) => {
      const object = e.object?.name ?? "";
      return object === name || object.startsWith(`${name}-`);
    });
    if (about.length === 0) lines.push(`No Kubernetes event about ${name} or its pods in ${window}.`);
    else {
      const warnings = about.filter((e) => e.type === "Warning").length;
      lines.push(`${about.length} Kubernetes event${about.length === 1 ? "" : "s"} about ${name} or its pods in ${window}${warnings ? ` (${warnings} warning${warnings === 1 ? "" : "s"})` : ""}, newest first:`);
      for (const e of about.slice(0, 8)) lines.push(`- ${e.type ?? "?"} ${e.reason ?? "?"} ${e.object?.kind ?? "?"}/${e.object?.name ?? "?"} x${e.count ?? 1}: ${e.message ?? ""}`);
    }
  }
  return lines.join("\n");
}

function composeLogs({ subject, matching, results }: ComposeAnswerOptions): string {
  const pods = results.find((r) => r.tool === "list_pods");
  const logs = results.find((r) => r.tool === "pod_logs");
  const podsProblem = failed(pods, `the pods of ${subject}`);
  if (podsProblem && !logs) return podsProblem;
  if (!logs) return `No pod found for ${subject} (looked for pods labelled app=${subject} and a pod of that name).`;
  const logsProblem = failed(logs, `the logs of ${subject}`);
  if (logsProblem) return logsProblem;
  const data = asRecord(logs.data);
  const lines = asArray<string>(data.lines);
  const pod = typeof data.pod === "string" ? data.pod : subject;
  if (lines.length === 0) return `No log line of pod ${pod}${matching ? ` contains "${matching}"` : " was found"}.`;
  const shown = lines.slice(-MAX_QUOTED_LINES);
  return [`${lines.length} line${lines.length === 1 ? "" : "s"} of pod ${pod}${matching ? ` containing "${matching}"` : ""} (newest last${lines.length > shown.length ? `, last ${shown.length} shown` : ""}):`, ...shown].join("\n");
}

function composeRunbooks({ subject, results }: ComposeAnswerOptions): string {
  const search = results[0];
  const problem = failed(search, "the runbooks");
  if (problem || !search) return problem ?? "Runbook search did not run.";
  const passages = asArray<PassageData>(asRecord(search.data).passages);
  if (passages.length === 0) return search.output;
  const lines = [`${passages.length} runbook passage${passages.length === 1 ? "" : "s"} for "${subject}", best first:`];
  for (const p of passages) {
    const snippet = (p.text ?? "").replace(/\s+/g, " ").trim();
    lines.push(`- [${p.citation}] ${p.section ?? p.title ?? ""}: ${snippet.length > 220 ? `${snippet.slice(0, 220)} …` : snippet}`);
  }
  return lines.join("\n");
}

/** The answer to a question from its tool results. */
export function composeAnswer(options: ComposeAnswerOptions): string {
  switch (options.topic) {
    case "changes":
      return composeChanges(options);
    case "logs":
      return composeLogs(options);
    case "runbooks":
      return composeRunbooks(options);
    default: {
      // The telemetry, graph, memory and calculator tools already answer in sentences.
      const parts = options.results.map((r) => (r.ok ? quote(r.output) : `Could not answer with ${r.tool}: ${r.output}`));
      return parts.join("\n\n") || "No tool could answer that.";
    }
  }
}
