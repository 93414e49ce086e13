import "server-only";
/** list_pods: the pods of a namespace with their health at a glance (kubectl get pods, plus why). */
import { z } from "zod";
import { listPods, summarizePod, timestampMs, formatAge, type PodSummary } from "../../cluster/reads";
import { DEFAULT_MAX_LIST_ITEMS } from "../bound";
import { listSection, pairs } from "../format-lines";
import { labelSelectorParam, limitParam, namespaceParam } from "../params";
import { defineTool, toolOk } from "../types";

/** One pod as a line: phase, readiness, restarts, why it is not running, last exit. */
export function podLine(pod: PodSummary, nowMs: number): string {
  return `- ${pod.name} ${pairs({
    phase: pod.phase,
    ready: pod.ready,
    restarts: pod.restarts,
    waiting: pod.waiting?.reason,
    lastTermination: pod.lastTermination ? `${pod.lastTermination.reason ?? "Terminated"}(exit ${pod.lastTermination.exitCode ?? "?"})` : undefined,
    reason: pod.reason,
    node: pod.node ?? "<none>",
    age: formatAge(timestampMs(pod.createdAt), nowMs),
  })}`;
}

export const listPodsTool = defineTool({
  name: "list_pods",
  description:
    "List pods in a namespace with phase, ready containers, restarts, the waiting reason (CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError...), the last termination reason and exit code, node and age. Unhealthy pods are listed first.",
  parameters: z
    .object({
      namespace: namespaceParam,
      labelSelector: labelSelectorParam,
      onlyUnhealthy: z.boolean().optional().describe("Only pods that are not ready, restarting or not running"),
      limit: limitParam,
    })
    .strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const nowMs = ctx.now().getTime();
    const pods = (await listPods({ clients: ctx.clients, namespace, ...(params.labelSelector ? { labelSelector: params.labelSelector } : {}) })).map(summarizePod);
    const unhealthy = (p: PodSummary) => !p.isReady || p.restarts > 0 || p.phase !== "Running";
    const shown = (params.onlyUnhealthy ? pods.filter(unhealthy) : pods).sort((a, b) => Number(unhealthy(b)) - Number(unhealthy(a)) || a.name.localeCompare(b.name));
    const section = listSection({
      heading: `Pods in ${namespace}${params.labelSelector ? ` matching ${params.labelSelector}` : ""}: ${shown.length} (${pods.filter((p) => !unhealthy(p)).length} healthy of ${pods.length})`,
      items: shown,
      max: params.limit ?? DEFAULT_MAX_LIST_ITEMS,
      noun: "pods",
      hint: "narrow with labelSelector or onlyUnhealthy",
      line: (p) => podLine(p, nowMs),
    });
    return toolOk(section.text, { data: { namespace, pods: shown.slice(0, params.limit ?? DEFAULT_MAX_LIST_ITEMS) }, truncated: section.truncated });
  },
});
