import "server-only";
/** describe_pod: one pod in depth, like `kubectl describe pod`: spec essentials, container states, recent events. */
import type { V1Container, V1Probe } from "@kubernetes/client-node";
import { z } from "zod";
import { formatEnvFrom, formatEnvVar, listEvents, readPod, summarizeEvent, summarizePod, timestampMs, formatAge } from "../../cluster/reads";
import { boundList } from "../bound";
import { namespaceParam, objectNameParam } from "../params";
import { defineTool, toolError, toolOk } from "../types";

/** Events shown for one pod. */
const MAX_POD_EVENTS = 15;

/** `httpGet :8080/healthz`, `tcpSocket :5432`, `exec [pg_isready]`, with timings. */
export function probeWords(probe: V1Probe | undefined): string | undefined {
  if (!probe) return undefined;
  const how = probe.httpGet
    ? `httpGet ${probe.httpGet.scheme === "HTTPS" ? "https " : ""}:${probe.httpGet.port}${probe.httpGet.path ?? "/"}`
    : probe.tcpSocket
      ? `tcpSocket :${probe.tcpSocket.port}`
      : probe.grpc
        ? `grpc :${probe.grpc.port}`
        : probe.exec
          ? `exec ${JSON.stringify(probe.exec.command ?? [])}`
          : "unknown";
  return `${how} delay=${probe.initialDelaySeconds ?? 0}s period=${probe.periodSeconds ?? 10}s timeout=${probe.timeoutSeconds ?? 1}s failureThreshold=${probe.failureThreshold ?? 3}`;
}

function containerLines(c: V1Container): string[] {
  const lines = [`  container ${c.name}: image=${c.image ?? ""}`];
  if (c.command?.length) lines.push(`    command: ${JSON.stringify(c.command)}`);
  if (c.args?.length) lines.push(`    args: ${JSON.stringify(c.args)}`);
  if (c.ports?.length) lines.push(`    ports: ${c.ports.map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}${p.name ? ` (${p.name})` : ""}`).join(", ")}`);
  const requests = c.resources?.requests;
  const limits = c.resources?.limits;
  if (requests || limits) lines.push(`    resources: requests ${JSON.stringify(requests ?? {})} limits ${JSON.stringify(limits ?? {})}`);
  for (const [kind, probe] of [["liveness", c.livenessProbe], ["readiness", c.readinessProbe], ["startup", c.startupProbe]] as const) {
    const words = probeWords(probe);
    if (words) lines.push(`    ${kind}: ${words}`);
  }
  for (const env of c.env ?? []) lines.push(`    env ${formatEnvVar(env)}`);
  for (const source of c.envFrom ?? []) lines.push(`    envFrom ${formatEnvFrom(source)}`);
  for (const mount of c.volumeMounts ?? []) lines.push(`    mount ${mount.name} at ${mount.mountPath}${mount.readOnly ? " (ro)" : ""}`);
  return lines;
}

export const describePodTool = defineTool({
  name: "describe_pod",
  description:
    "Describe one pod: node, IP, conditions, each container's image, command, ports, probes, resources and env (secret values are never shown), each container's state and last termination, and the pod's recent events.",
  parameters: z.object({ namespace: namespaceParam, name: objectNameParam("pod") }).strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const pod = await readPod({ clients: ctx.clients, namespace, name: params.name });
    if (!pod) return toolError(`pod "${params.name}" not found in namespace ${namespace}; use list_pods to see the pods that exist`);
    const nowMs = ctx.now().getTime();
    const summary = summarizePod(pod);
    const lines = [
      `Pod ${namespace}/${summary.name}: phase=${summary.phase} ready=${summary.ready} restarts=${summary.restarts} node=${summary.node ?? "<none>"} ip=${summary.podIP ?? "<none>"} age=${formatAge(timestampMs(summary.createdAt), nowMs)}`,
      `labels: ${Object.entries(summary.labels).map(([k, v]) => `${k}=${v}`).join(",") || "<none>"}`,
    ];
    if (summary.owner) lines.push(`controlled by: ${summary.owner.kind}/${summary.owner.name}`);
    if (summary.reason) lines.push(`reason: ${summary.reason}${summary.message ? `: ${summary.message}` : ""}`);
    lines.push(`conditions: ${(pod.status?.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ""}`).join(" ") || "<none>"}`);
    if (pod.spec?.nodeSelector) lines.push(`nodeSelector: ${JSON.stringify(pod.spec.nodeSelector)}`);
    if (pod.spec?.affinity) lines.push(`affinity: ${JSON.stringify(pod.spec.affinity)}`);
    lines.push("spec:");
    for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) lines.push(...containerLines(c));
    lines.push("container statuses:");
    for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      const state = s.state?.running ? "Running" : s.state?.waiting ? `Waiting(${s.state.waiting.reason ?? ""}): ${s.state.waiting.message ?? ""}` : s.state?.terminated ? `Terminated(${s.state.terminated.reason ?? ""}, exit ${s.state.terminated.exitCode})${s.state.terminated.message ? `: ${s.state.terminated.message}` : ""}` : "Unknown";
      lines.push(`  ${s.name}: ready=${s.ready} restarts=${s.restartCount} state=${state}`);
      const last = s.lastState?.terminated;
      if (last) lines.push(`    last terminated: ${last.reason ?? ""} exit ${last.exitCode}${last.message ? `: ${last.message}` : ""}`);
    }
    const events = (await listEvents({ clients: ctx.clients, namespace, involvedKind: "Pod", involvedName: params.name })).map(summarizeEvent);
    const bounded = boundList(events, { max: MAX_POD_EVENTS, noun: "events", hint: "use list_events for all" });
    lines.push(`events (newest first): ${events.length === 0 ? "<none>" : ""}`);
    for (const e of bounded.items) lines.push(`  ${e.type} ${e.reason} x${e.count} (${formatAge(timestampMs(e.lastSeen), nowMs)} ago): ${e.message}`);
    if (bounded.note) lines.push(bounded.note);
    return toolOk(lines.join("\n"), { data: { pod: summary, events: bounded.items }, truncated: bounded.omitted > 0 });
  },
});
