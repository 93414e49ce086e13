import "server-only";
/** list_events: the namespace's events, newest first, filterable by object, type and age. */
import { z } from "zod";
import { formatAge, listEvents, summarizeEvent, timestampMs } from "../../cluster/reads";
import { DEFAULT_MAX_LIST_ITEMS } from "../bound";
import { listSection } from "../format-lines";
import { limitParam, namespaceParam } from "../params";
import { defineTool, toolOk } from "../types";

export const listEventsTool = defineTool({
  name: "list_events",
  description: "List Kubernetes events in a namespace, newest first: type, reason, object, count and message (FailedScheduling, BackOff, Unhealthy, FailedCreate, Failed pulls...). Filter by object kind/name, warnings only, or recency.",
  parameters: z
    .object({
      namespace: namespaceParam,
      involvedKind: z.enum(["Pod", "Deployment", "ReplicaSet", "Service", "Endpoints", "Node", "ResourceQuota", "ConfigMap", "Secret"]).optional().describe("Only events about objects of this kind"),
      involvedName: z.string().min(1).max(253).optional().describe("Only events about the object with this name"),
      warningsOnly: z.boolean().optional().describe("Only events of type Warning"),
      sinceMinutes: z.number().int().min(1).max(24 * 60).optional().describe("Only events seen in the last N minutes"),
      limit: limitParam,
    })
    .strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const nowMs = ctx.now().getTime();
    const events = (
      await listEvents({
        clients: ctx.clients,
        namespace,
        ...(params.involvedKind ? { involvedKind: params.involvedKind } : {}),
        ...(params.involvedName ? { involvedName: params.involvedName } : {}),
        ...(params.warningsOnly ? { warningsOnly: true } : {}),
        ...(params.sinceMinutes ? { sinceMs: nowMs - params.sinceMinutes * 60_000 } : {}),
      })
    ).map(summarizeEvent);
    const max = params.limit ?? DEFAULT_MAX_LIST_ITEMS;
    const filters = [params.involvedKind, params.involvedName, params.warningsOnly ? "warnings only" : undefined, params.sinceMinutes ? `last ${params.sinceMinutes}m` : undefined].filter(Boolean).join(", ");
    const section = listSection({
      heading: `Events in ${namespace}${filters ? ` (${filters})` : ""}: ${events.length}, newest first`,
      items: events,
      max,
      noun: "events",
      hint: "narrow with involvedName, warningsOnly or sinceMinutes",
      line: (e) => `- ${formatAge(timestampMs(e.lastSeen), nowMs)} ago ${e.type} ${e.reason} ${e.object.kind}/${e.object.name} x${e.count}: ${e.message}`,
    });
    return toolOk(section.text, { data: { namespace, events: events.slice(0, max) }, truncated: section.truncated });
  },
});
