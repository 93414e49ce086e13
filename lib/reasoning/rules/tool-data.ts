/**
 * The structured `data` of the read-only tools the rules reasoner reads, parsed with zod rather
 * than trusted: a tool whose answer changes shape must fail the parse here, not mislead a rule.
 * Only the fields the rules use are named; the rest pass through.
 */
import { z } from "zod";
import type { RecordedToolResult } from "../../agents/agent-context";

const category = z.object({ systemLevel: z.string(), faultType: z.string() }).passthrough();

/** One analyzer finding as `run_analyzers` returns it. */
export const findingDataSchema = z
  .object({
    id: z.string(),
    analyzer: z.string(),
    severity: z.enum(["critical", "warning", "info"]),
    object: z.object({ kind: z.string(), namespace: z.string(), name: z.string() }),
    service: z.string().optional(),
    title: z.string(),
    detail: z.string(),
    evidence: z.array(z.string()),
    suggestedCategory: category.optional(),
  })
  .passthrough();
export type FindingData = z.infer<typeof findingDataSchema>;

export const runAnalyzersDataSchema = z.object({ findings: z.array(findingDataSchema), warnings: z.array(z.string()) }).passthrough();

const portSummary = z.object({ name: z.string().optional(), port: z.number(), targetPort: z.string(), protocol: z.string(), exposedBy: z.array(z.string()), targetPortMatches: z.boolean().optional() }).passthrough();
/** A Service summary (`list_services`, `get_service_endpoints`). */
export const serviceDataSchema = z.object({ name: z.string(), namespace: z.string(), type: z.string(), selector: z.record(z.string(), z.string()), ports: z.array(portSummary), selectedPods: z.array(z.string()) }).passthrough();
export type ServiceData = z.infer<typeof serviceDataSchema>;
export const listServicesDataSchema = z.object({ services: z.array(serviceDataSchema) }).passthrough();

/** A Deployment summary (`list_deployments`, `get_deployment`). */
export const deploymentDataSchema = z.object({ name: z.string(), desired: z.number(), available: z.number(), selector: z.string(), revision: z.string().optional(), images: z.array(z.object({ container: z.string(), image: z.string() })) }).passthrough();
export type DeploymentData = z.infer<typeof deploymentDataSchema>;
export const listDeploymentsDataSchema = z.object({ deployments: z.array(deploymentDataSchema) }).passthrough();

export const listPodsDataSchema = z.object({ pods: z.array(z.object({ name: z.string(), isReady: z.boolean(), phase: z.string(), labels: z.record(z.string(), z.string()) }).passthrough()) }).passthrough();
export const podLogsDataSchema = z.object({ pod: z.string(), lines: z.array(z.string()) }).passthrough();

export const configRefsDataSchema = z.object({ refs: z.array(z.object({ kind: z.enum(["ConfigMap", "Secret"]), name: z.string(), key: z.string().optional(), usedBy: z.string() }).passthrough()) }).passthrough();

export const rolloutDiffDataSchema = z.object({ from: z.number(), to: z.number(), changes: z.array(z.object({ field: z.string(), before: z.string().optional(), after: z.string().optional() })) }).passthrough();
export type RolloutDiffData = z.infer<typeof rolloutDiffDataSchema>;

export const rolloutHistoryDataSchema = z.object({ currentRevision: z.string().optional(), revisions: z.array(z.object({ revision: z.number(), replicaSet: z.string(), replicas: z.number(), createdAt: z.string().optional() }).passthrough()) }).passthrough();

export const resourceQuotasDataSchema = z.object({ quotas: z.array(z.object({ name: z.string(), resources: z.array(z.object({ resource: z.string(), hard: z.string(), used: z.string(), atLimit: z.boolean() })) })) }).passthrough();

export const listEventsDataSchema = z.object({ events: z.array(z.object({ reason: z.string().optional(), message: z.string().optional(), type: z.string().optional() }).passthrough()) }).passthrough();

/** The parsed `data` of a successful tool result, or undefined (failed call, or an unexpected shape). */
export function toolData<T>(result: RecordedToolResult, schema: z.ZodType<T>): T | undefined {
  if (!result.ok) return undefined;
  const parsed = schema.safeParse(result.data);
  return parsed.success ? parsed.data : undefined;
}

/** `app=cart,tier=web` as a map (equality terms only). */
export function parseEqualitySelector(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const term of text.split(",")) {
    const match = /^\s*([^=!\s]+)\s*==?\s*([^=\s]*)\s*$/.exec(term);
    if (match?.[1]) out[match[1]] = match[2] ?? "";
  }
  return out;
}
