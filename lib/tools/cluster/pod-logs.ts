import "server-only";
/** pod_logs: the tail of a container's log (or its previous, crashed instance), optionally grepped. */
import { z } from "zod";
import { apiErrorStatus } from "../../cluster/api-errors";
import { readPod, readPodLogs } from "../../cluster/reads";
import { clipLine } from "../bound";
import { namespaceParam, objectNameParam } from "../params";
import { compileSafeRegex, MAX_PATTERN_LENGTH } from "../safe-regex";
import { defineTool, toolError, toolOk } from "../types";

/** Longest log line kept; longer ones are clipped (stack traces as one line, JSON blobs). */
const MAX_LINE_CHARS = 400;
/** Most lines requested from the server. */
const MAX_TAIL_LINES = 500;
/** Byte cap passed to the server. */
const LIMIT_BYTES = 256 * 1024;

export const podLogsTool = defineTool({
  name: "pod_logs",
  description:
    "Read the last lines of a pod container's log. Use previous=true for the log of the crashed instance of a restarting container (the reason for a CrashLoopBackOff is usually there). Optionally keep only lines matching a case-insensitive regex.",
  parameters: z
    .object({
      namespace: namespaceParam,
      pod: objectNameParam("pod"),
      container: z.string().min(1).max(63).optional().describe("Container name; required when the pod has several"),
      tailLines: z.number().int().min(1).max(MAX_TAIL_LINES).optional().describe("Lines from the end of the log to read (default 100)"),
      sinceSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional().describe("Only lines from the last N seconds"),
      previous: z.boolean().optional().describe("Read the previous (terminated) instance of the container"),
      grep: z.string().min(1).max(MAX_PATTERN_LENGTH).optional().describe("Case-insensitive regex; only matching lines are returned (no backreferences or nested quantifiers)"),
      maxLines: z.number().int().min(1).max(200).optional().describe("Most lines returned after filtering (default 80, newest kept)"),
    })
    .strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    let pattern: RegExp | undefined;
    if (params.grep) {
      const compiled = compileSafeRegex(params.grep);
      if (!compiled.ok) return toolError(`grep: ${compiled.reason}`);
      pattern = compiled.regex;
    }
    const pod = await readPod({ clients: ctx.clients, namespace, name: params.pod });
    if (!pod) return toolError(`pod "${params.pod}" not found in namespace ${namespace}; use list_pods`);
    const containers = (pod.spec?.containers ?? []).map((c) => c.name);
    const container = params.container ?? (containers.length === 1 ? containers[0] : undefined);
    if (!container) return toolError(`container: pod ${params.pod} has several containers (${containers.join(", ")}); name one`);
    let text: string;
    try {
      text = await readPodLogs({ clients: ctx.clients, namespace, pod: params.pod, container, tailLines: params.tailLines ?? 100, ...(params.sinceSeconds ? { sinceSeconds: params.sinceSeconds } : {}), ...(params.previous ? { previous: true } : {}), limitBytes: LIMIT_BYTES });
    } catch (error) {
      const status = apiErrorStatus(error);
      // 400 is the kubelet's "no previous instance" / "container is waiting to start": the model can try another read.
      if (status && (status.code === 400 || status.code === 404)) return toolError(`cannot read logs of ${params.pod}/${container}: ${status.message ?? `HTTP ${status.code}`}`);
      throw error;
    }
    const all = text.split("\n").filter((l) => l.length > 0).map((l) => clipLine(l, MAX_LINE_CHARS));
    const matching = pattern ? all.filter((l) => pattern.test(l)) : all;
    const maxLines = params.maxLines ?? 80;
    const kept = matching.slice(-maxLines);
    const omitted = matching.length - kept.length;
    const header = `Logs of ${namespace}/${params.pod} container ${container}${params.previous ? " (previous instance)" : ""}: ${all.length} line(s) read${pattern ? `, ${matching.length} matching /${params.grep}/i` : ""}`;
    const lines = [header];
    if (omitted > 0) lines.push(`… ${omitted} earlier lines not shown (raise maxLines or narrow grep)`);
    lines.push(...(kept.length ? kept : ["<no lines>"]));
    return toolOk(lines.join("\n"), { data: { pod: params.pod, container, previous: params.previous ?? false, lines: kept }, truncated: omitted > 0 });
  },
});
