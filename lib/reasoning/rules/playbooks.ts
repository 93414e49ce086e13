/**
 * Playbooks: from one diagnosed root cause to catalogue actions (each with its reason), or to an
 * escalation with concrete runbook steps when no action the agent may take is a faithful fix.
 * Facts the parameters need (ports, labels, quota usage, previous replica counts) are read fresh
 * through tool calls, never guessed from the diagnosis text.
 */
import type { MitigationAction } from "../../cluster/actions/catalogue";
import type { RecordedToolResult } from "../../agents/agent-context";
import type { RootCause } from "../../agents/diagnosis-schema";
import type { RecreateServiceParams } from "../../cluster/actions/recreate-service";
import type { MetricsSource } from "../../telemetry/types";
import { parseQuantity } from "../../cluster/actions/quantity";
import { chaosSpecOf } from "./root-cause-candidates";
import { listDeploymentsDataSchema, listEventsDataSchema, parseEqualitySelector, resourceQuotasDataSchema, rolloutHistoryDataSchema, runAnalyzersDataSchema, serviceDataSchema, toolData } from "./tool-data";

/** Replicas restored after a scale to zero when no record of the previous count exists (the common HA minimum). */
export const DEFAULT_RESTORE_REPLICAS = 2;
/** New memory limit = this many times the observed peak working set... */
export const MEMORY_PEAK_FACTOR = 2;
/** ...but never above this (a bigger need is a capacity decision for a human). */
export const MAX_MEMORY_LIMIT_MIB = 4096;
/** Headroom added on top of what an exhausted quota must admit. */
export const QUOTA_HEADROOM_RATIO = 0.25;
/** How far back the peak memory is read. */
export const MEMORY_PEAK_LOOKBACK_SECONDS = 3600;

/** What a playbook may use. */
export interface PlaybookContext {
  namespace: string;
  callTool(name: string, params: Record<string, unknown>): Promise<RecordedToolResult>;
  metrics: MetricsSource;
  now: Date;
  knownServiceSpecs: readonly RecreateServiceParams[];
}

/** A playbook's answer for one cause. */
export type PlaybookResult = { kind: "actions"; actions: { action: MitigationAction; reason: string }[] } | { kind: "escalate"; runbookSteps: string[]; reason: string };

const escalate = (reason: string, runbookSteps: string[]): PlaybookResult => ({ kind: "escalate", reason, runbookSteps });
const act = (action: MitigationAction, reason: string): PlaybookResult => ({ kind: "actions", actions: [{ action, reason }] });

function mib(bytes: number): string {
  return `${Math.ceil(bytes / 2 ** 20)}Mi`;
}

/** Memory limit of the container in a `resources` JSON string as rollout_diff prints it. */
function memoryLimitIn(resourcesJson: string | null): number | undefined {
  if (!resourcesJson) return undefined;
  try {
    const limit = (JSON.parse(resourcesJson) as { limits?: { memory?: string } }).limits?.memory;
    return parseQuantity(limit);
  } catch {
    return undefined;
  }
}

async function rolloutUndo(ctx: PlaybookContext, cause: RootCause, why: string): Promise<PlaybookResult | undefined> {
  const rollout = cause.rollout;
  if (!rollout || !rollout.startedBeforeSymptoms) return undefined;
  return act({ type: "rollout-undo", params: { namespace: ctx.namespace, name: rollout.deployment, toRevision: rollout.fromRevision } }, `${why}; revision ${rollout.fromRevision} ran healthy before the rollout to revision ${rollout.toRevision}`);
}

async function fixTargetPort(ctx: PlaybookContext, cause: RootCause): Promise<PlaybookResult> {
  const name = cause.faultyObject.name;
  const findings = toolData(await ctx.callTool("run_analyzers", { namespace: ctx.namespace, analyzers: ["services"] }), runAnalyzersDataSchema)?.findings ?? [];
  const service = toolData(await ctx.callTool("get_service_endpoints", { namespace: ctx.namespace, name }), serviceDataSchema);
  if (!service) return escalate(`Service ${name} could not be read`, [`kubectl get service ${name} -n ${ctx.namespace} -o yaml`, "Point its targetPort at the port its pods listen on"]);
  const ports = service.ports.map((p) => {
    const finding = findings.find((f) => f.id === `service-target-port:${ctx.namespace}/${name}/${p.port}`);
    const exposed = /containerPorts of selected pods: (.*)$/.exec(finding?.evidence.find((e) => e.startsWith("containerPorts")) ?? "")?.[1] ?? "";
    const candidates = exposed.split(", ").map((x) => /^(\d+)(?:\(([^)]+)\))?$/.exec(x.trim())).filter((m): m is RegExpExecArray => m !== null);
    const byName = candidates.find((m) => m[2] !== undefined && m[2] === p.name);
    const chosen = p.targetPortMatches === false ? (byName ?? (candidates.length === 1 ? candidates[0] : undefined)) : undefined;
    const targetPort: number | string = chosen ? Number(chosen[1]) : /^\d+$/.test(p.targetPort) ? Number(p.targetPort) : p.targetPort;
    return { ...(p.name ? { name: p.name } : {}), port: p.port, targetPort, protocol: p.protocol as "TCP" | "UDP" | "SCTP" };
  });
  const changed = ports.filter((p, i) => String(p.targetPort) !== service.ports[i]?.targetPort);
  if (changed.length === 0) return escalate(`no single container port of Service ${name}'s pods fits its mismatched targetPort`, [`Compare 'kubectl get svc ${name} -n ${ctx.namespace}' targetPort with the containerPorts of its pods`, "Patch the Service's targetPort to the port the application listens on"]);
  return act({ type: "patch-service-ports", params: { namespace: ctx.namespace, name, ports } }, `Service ${name} forwards to targetPort ${changed.map((p) => service.ports.find((s) => s.port === p.port)?.targetPort).join(", ")}, which no selected container exposes; its pods listen on ${changed.map((p) => p.targetPort).join(", ")}`);
}

async function fixSelector(ctx: PlaybookContext, cause: RootCause): Promise<PlaybookResult> {
  const name = cause.faultyObject.name;
  const deployments = toolData(await ctx.callTool("list_deployments", { namespace: ctx.namespace, limit: 200 }), listDeploymentsDataSchema)?.deployments ?? [];
  const service = toolData(await ctx.callTool("get_service_endpoints", { namespace: ctx.namespace, name }), serviceDataSchema);
  const current = service?.selector ?? {};
  // The workload the Service fronts: the Deployment of the same name, else one whose selector values extend the broken ones (app=shipping vs app=shipping-v2).
  const target =
    deployments.find((d) => d.name === name) ??
    deployments.find((d) => Object.entries(parseEqualitySelector(d.selector)).some(([k, v]) => current[k] !== undefined && (current[k]?.startsWith(v) || v.startsWith(current[k] ?? "\u0000"))));
  if (!target) return escalate(`no Deployment's pods are an evident match for Service ${name}`, [`kubectl get svc ${name} -n ${ctx.namespace} -o jsonpath='{.spec.selector}'`, "Find the Deployment the Service should front and set the selector to its pod labels"]);
  const selector = parseEqualitySelector(target.selector);
  return act({ type: "patch-service-selector", params: { namespace: ctx.namespace, name, selector } }, `Service ${name}'s selector ${Object.entries(current).map(([k, v]) => `${k}=${v}`).join(",")} matches no pod; Deployment ${target.name}'s pods carry ${target.selector}`);
}

async function recreateService(ctx: PlaybookContext, cause: RootCause): Promise<PlaybookResult> {
  const name = cause.faultyObject.name;
  const known = ctx.knownServiceSpecs.find((s) => s.name === name && s.namespace === ctx.namespace);
  if (known) return act({ type: "recreate-service", params: known }, `Service ${name} was deleted while its pods run; recreate it from its last known spec so its name resolves again`);
  return escalate(`Service ${name} was deleted and no last-known spec of it is on record, so the agent cannot recreate it faithfully`, [
    `Find Service ${name}'s manifest in version control (or the Helm chart / GitOps repo) for namespace ${ctx.namespace}`,
    `kubectl apply -f <that manifest>  (selector and ports must match Deployment ${name}'s pods)`,
    `Check callers resolve it again: kubectl run -it --rm dns --image=busybox -n ${ctx.namespace} -- nslookup ${name}`,
  ]);
}

async function fixQuota(ctx: PlaybookContext, cause: RootCause): Promise<PlaybookResult> {
  const name = cause.faultyObject.name;
  const quota = toolData(await ctx.callTool("resource_quotas", { namespace: ctx.namespace }), resourceQuotasDataSchema)?.quotas.find((q) => q.name === name);
  const deployments = toolData(await ctx.callTool("list_deployments", { namespace: ctx.namespace, limit: 200 }), listDeploymentsDataSchema)?.deployments ?? [];
  const missingPods = deployments.reduce((sum, d) => sum + Math.max(0, d.desired - d.available), 0);
  const hard: Record<string, string> = {};
  for (const r of quota?.resources ?? []) {
    if (!r.atLimit) continue;
    const used = parseQuantity(r.used) ?? 0;
    // Pods are counted; other resources grow by the headroom ratio alone.
    const needed = r.resource === "pods" || r.resource === "count/pods" ? used + Math.max(1, missingPods) : used;
    hard[r.resource] = String(Math.ceil(needed * (1 + QUOTA_HEADROOM_RATIO)));
  }
  if (Object.keys(hard).length === 0) return escalate(`ResourceQuota ${name} shows no resource at its limit now`, [`kubectl describe resourcequota ${name} -n ${ctx.namespace}`, "Raise the exhausted limit or free capacity"]);
  return act({ type: "patch-resource-quota", params: { namespace: ctx.namespace, name, hard } }, `ResourceQuota ${name} is at its limit for ${Object.keys(hard).join(", ")} and ${missingPods} pod(s) cannot be created; raise it to what is needed plus ${QUOTA_HEADROOM_RATIO * 100}% headroom`);
}

async function raiseMemory(ctx: PlaybookContext, cause: RootCause): Promise<PlaybookResult> {
  const name = cause.faultyObject.name;
  const deployment = toolData(await ctx.callTool("list_deployments", { namespace: ctx.namespace, limit: 200 }), listDeploymentsDataSchema)?.deployments.find((d) => d.name === name);
  const container = deployment?.images[0]?.container;
  if (!deployment || !container) return escalate(`Deployment ${name} could not be read`, [`kubectl describe deployment ${name} -n ${ctx.namespace}`, "Raise the container's memory limit above its working set"]);
  const series = await ctx.metrics.serviceSeries({ namespace: ctx.namespace, service: cause.service, metric: "memory_bytes", start: new Date(ctx.now.getTime() - MEMORY_PEAK_LOOKBACK_SECONDS * 1000), end: ctx.now, stepSeconds: 60, windowSeconds: 60 });
  // memory_bytes sums the service's pods; the per-pod peak is that over the replicas.
  const peakPerPod = Math.max(0, ...series.points.map(([, v]) => v ?? 0)) / Math.max(1, deployment.desired);
  const change = cause.rollout?.changes.find((c) => c.field === `containers[${container}].resources`);
  const before = memoryLimitIn(change?.before ?? null);
  const now = memoryLimitIn(change?.after ?? null);
  const wanted = Math.max(peakPerPod * MEMORY_PEAK_FACTOR, before ?? 0, (now ?? 0) * MEMORY_PEAK_FACTOR);
  const limit = Math.min(wanted, MAX_MEMORY_LIMIT_MIB * 2 ** 20);
  if (limit <= 0) return escalate(`no memory reading for ${name}`, [`kubectl top pods -n ${ctx.namespace} -l app=${cause.service}`, "Raise the memory limit above the observed working set"]);
  return act(
    { type: "set-resources", params: { namespace: ctx.namespace, name, container, limits: { memory: mib(limit) } } },
    `containers of ${name} are OOMKilled; peak working set ${mib(peakPerPod)} per pod${before ? `, limit before the last rollout ${mib(before)}` : ""}${now ? `, limit now ${mib(now)}` : ""}: raise the limit to ${mib(limit)} (x${MEMORY_PEAK_FACTOR} the peak, at most ${MAX_MEMORY_LIMIT_MIB}Mi)`,
  );
}

async function restoreReplicas(ctx: PlaybookContext, cause: RootCause): Promise<PlaybookResult> {
  const name = cause.faultyObject.name;
  const events = toolData(await ctx.callTool("list_events", { namespace: ctx.namespace, involvedKind: "Deployment", involvedName: name, limit: 50 }), listEventsDataSchema)?.events ?? [];
  // "Scaled down replica set payment-7d9f from 2 to 0": the count before the scale to zero.
  const fromEvents = events.map((e) => /Scaled down replica set \S+ from (\d+) to 0/.exec(e.message ?? "")?.[1]).find((n) => n !== undefined);
  let replicas = fromEvents ? Number(fromEvents) : undefined;
  let source = "its last ScalingReplicaSet event";
  if (!replicas) {
    const history = toolData(await ctx.callTool("rollout_history", { namespace: ctx.namespace, name }), rolloutHistoryDataSchema);
    const max = Math.max(0, ...(history?.revisions.map((r) => r.replicas) ?? []));
    if (max > 0) [replicas, source] = [max, "its ReplicaSet history"];
  }
  if (!replicas) [replicas, source] = [DEFAULT_RESTORE_REPLICAS, `no record of the previous count; ${DEFAULT_RESTORE_REPLICAS} is the minimum for a highly available service`];
  return act({ type: "scale-deployment", params: { namespace: ctx.namespace, name, replicas } }, `Deployment ${name} runs 0 replicas; scale it back to ${replicas} (from ${source})`);
}

function databaseRunbook(ctx: PlaybookContext, cause: RootCause, spec: Record<string, unknown>): PlaybookResult {
  const user = typeof spec.user === "string" ? spec.user : "<user>";
  const role = typeof spec.role === "string" ? spec.role : "readWrite";
  const database = typeof spec.database === "string" ? spec.database : cause.service;
  const action = String(spec.action ?? "");
  const steps =
    action === "DropUser"
      ? [
          `Confirm the user is gone: kubectl exec -n ${ctx.namespace} deploy/${database} -- mongosh --eval 'db.getUser("${user}")'`,
          `Recreate user ${user} with the password its clients hold (from their Secret) and its roles: db.createUser({user: "${user}", pwd: <from the client's Secret>, roles: [...]})`,
          `Find who dropped it (database audit log, ${cause.faultyObject.kind} ${cause.faultyObject.name}) and stop it recurring`,
          "Watch the client's error ratio return to baseline",
        ]
      : [
          `Check the user's roles: kubectl exec -n ${ctx.namespace} deploy/${database} -- mongosh --eval 'db.getUser("${user}")'`,
          `Grant the role back: db.grantRolesToUser("${user}", ["${role}"])`,
          `Find who revoked it (database audit log, ${cause.faultyObject.kind} ${cause.faultyObject.name}) and stop it recurring`,
          "Watch the client's error ratio return to baseline",
        ];
  return escalate(`${cause.rootCause} Users and roles are data in the database: the agent has no undoable action for them, so a human restores access.`, steps);
}

function credentialsRunbook(ctx: PlaybookContext, cause: RootCause): PlaybookResult {
  const secret = cause.faultyObject.name;
  return escalate(`${cause.rootCause} The Secret's value is not visible to the agent and no recent rollout changed which Secret is used, so rolling back cannot restore the right password.`, [
    `Compare the password in Secret ${secret} (kubectl get secret ${secret} -n ${ctx.namespace} -o jsonpath='{.data}') with the database user's current password`,
    `Put the correct password back into Secret ${secret} (or finish the rotation on the database side)`,
    `kubectl rollout restart deployment/${cause.service} -n ${ctx.namespace} so the pods read it again`,
    "Watch the client's error ratio return to baseline",
  ]);
}

/** Runs the playbook of one cause. */
export async function runPlaybook(ctx: PlaybookContext, cause: RootCause): Promise<PlaybookResult> {
  const obj = cause.faultyObject;
  switch (cause.mechanism) {
    case "service-target-port":
      return fixTargetPort(ctx, cause);
    case "service-selector":
      return fixSelector(ctx, cause);
    case "service-missing":
      return recreateService(ctx, cause);
    case "network-policy":
      return act({ type: "delete-network-policy", params: { namespace: ctx.namespace, name: obj.name } }, `NetworkPolicy ${obj.name} drops legitimate calls to ${cause.service}; deleting it restores them (undo recreates it)`);
    case "quota-exhausted":
      return fixQuota(ctx, cause);
    case "network-chaos":
    case "stress-chaos":
      if (obj.kind === "NetworkChaos" || obj.kind === "StressChaos") return act({ type: "delete-chaos-object", params: { namespace: ctx.namespace, kind: obj.kind, name: obj.name } }, `${obj.kind} ${obj.name} injects the fault; deleting it ends the experiment (undo recreates it)`);
      return escalate(`unexpected chaos kind ${obj.kind}`, [`kubectl get ${obj.kind} ${obj.name} -n ${ctx.namespace} -o yaml`, "End the experiment by hand"]);
    case "database-auth":
    case "database-fault": {
      // A DatabaseFault stands for a change inside the database (a dropped user, a revoked role); on a real cluster there is no object to delete.
      const findings = toolData(await ctx.callTool("run_analyzers", { namespace: ctx.namespace, analyzers: ["chaos-objects"] }), runAnalyzersDataSchema)?.findings ?? [];
      const finding = findings.find((f) => f.object.kind === obj.kind && f.object.name === obj.name);
      return databaseRunbook(ctx, cause, finding ? chaosSpecOf(finding) : {});
    }
    case "credentials": {
      const secretChanged = cause.rollout?.changes.some((c) => `${c.before ?? ""} ${c.after ?? ""}`.includes(obj.name));
      if (secretChanged) return (await rolloutUndo(ctx, cause, `the rollout changed which credentials ${cause.service} reads`)) ?? credentialsRunbook(ctx, cause);
      return credentialsRunbook(ctx, cause);
    }
    case "image-pull":
    case "image-pull-auth":
    case "bad-command":
    case "crash":
    case "probe":
    case "config-missing": {
      const undo = await rolloutUndo(ctx, cause, `the failure started with ${cause.rollout?.deployment ?? cause.service}'s rollout (${cause.rollout?.changes.map((c) => c.field).join(", ") || "a restart that re-read its configuration"})`);
      if (undo) {
        const first = undo.kind === "actions" ? undo.actions[0] : undefined;
        // Rolling back brings back pods that read the configuration before it broke; the object itself stays broken.
        if (cause.mechanism === "config-missing" && first) first.reason += `; the old pods still hold the configuration, but ${obj.kind} ${obj.name} must be repaired before the next rollout`;
        return undo;
      }
      return escalate(`${cause.rootCause} No recent rollout to roll back to.`, [`kubectl describe deployment ${cause.service} -n ${ctx.namespace}`, `Fix ${obj.kind} ${obj.name} (image, command, probe or configuration), then roll out again`]);
    }
    case "oom-limit":
      return raiseMemory(ctx, cause);
    case "unschedulable":
      return act({ type: "remove-node-constraint", params: { namespace: ctx.namespace, name: obj.name, constraint: cause.rollout?.changes.some((c) => c.field === "affinity") && !cause.rollout.changes.some((c) => c.field === "nodeSelector") ? "nodeAffinity" : "nodeSelector" } }, `no node satisfies Deployment ${obj.name}'s node constraint, so its new pods stay Pending`);
    case "scaled-to-zero":
      return restoreReplicas(ctx, cause);
    default:
      return escalate(`${cause.rootCause} No playbook covers this cause safely.`, [`Investigate ${obj.kind} ${obj.name} in ${ctx.namespace}`, "kubectl get events --sort-by=.lastTimestamp", "Roll back the most recent change if the failure started with it"]);
  }
}
