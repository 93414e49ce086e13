/**
 * Probe failures: Unhealthy events from the kubelet, and probes aimed at a port the container
 * does not declare (a readiness probe on 8081 when the app listens on 8080 never passes).
 */
import type { V1Container, V1Probe } from "@kubernetes/client-node";
import type { Analyzer, Finding } from "./types";
import { eventEvidence, eventsAbout, podObject, serviceOfPod } from "./snapshot-queries";

const ANALYZER = "probes";

function probePort(probe: V1Probe): number | string | undefined {
  return probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
}

/** Probes of a container whose port is neither a declared containerPort (by number) nor a declared port name. */
export function probesOnUndeclaredPorts(container: V1Container): { kind: string; port: string }[] {
  const ports = container.ports ?? [];
  // A container that declares no ports gives nothing to compare against.
  if (ports.length === 0) return [];
  const out: { kind: string; port: string }[] = [];
  for (const [kind, probe] of [["liveness", container.livenessProbe], ["readiness", container.readinessProbe], ["startup", container.startupProbe]] as const) {
    if (!probe) continue;
    const port = probePort(probe);
    if (port === undefined) continue;
    const declared = typeof port === "number" || /^\d+$/.test(port) ? ports.some((p) => p.containerPort === Number(port)) : ports.some((p) => p.name === port);
    if (!declared) out.push({ kind, port: String(port) });
  }
  return out;
}

/** Unhealthy events per pod, and probes on undeclared ports per Deployment. */
export const probesAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "failing liveness/readiness/startup probes (Unhealthy events) and probes on ports the container does not expose",
  analyze(snapshot) {
    const findings: Finding[] = [];
    for (const pod of snapshot.pods) {
      const name = pod.metadata?.name ?? "";
      const unhealthy = eventsAbout(snapshot, "Pod", name, "Unhealthy");
      if (unhealthy.length === 0) continue;
      const kinds = [...new Set(unhealthy.map((e) => /^(\w+) probe/.exec(e.message ?? "")?.[1] ?? "A"))];
      const service = serviceOfPod(pod, snapshot);
      const liveness = kinds.includes("Liveness");
      findings.push({
        id: `probe-failing:${pod.metadata?.namespace ?? ""}/${name}`,
        analyzer: ANALYZER,
        severity: liveness || !pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? "warning" : "info",
        object: podObject(pod),
        ...(service ? { service } : {}),
        title: `${name}: ${kinds.join("/")} probe failing`,
        detail: liveness ? "Liveness failures make the kubelet restart the container." : "Readiness failures keep the pod out of its Services' endpoints.",
        evidence: unhealthy.slice(0, 3).map(eventEvidence),
        suggestedCategory: { systemLevel: "Application", faultType: "Misconfiguration" },
      });
    }
    for (const deployment of snapshot.deployments) {
      for (const container of deployment.spec?.template.spec?.containers ?? []) {
        for (const bad of probesOnUndeclaredPorts(container)) {
          const name = deployment.metadata?.name ?? "";
          findings.push({
            id: `probe-port:${deployment.metadata?.namespace ?? ""}/${name}/${container.name}/${bad.kind}`,
            analyzer: ANALYZER,
            severity: "warning",
            object: { kind: "Deployment", namespace: deployment.metadata?.namespace ?? "", name },
            service: name,
            title: `${name}: ${bad.kind} probe of container ${container.name} targets port ${bad.port}, which the container does not expose`,
            detail: `Declared ports: ${(container.ports ?? []).map((p) => `${p.containerPort}${p.name ? `(${p.name})` : ""}`).join(", ")}.`,
            evidence: [`${bad.kind}Probe port=${bad.port}`, `containerPorts=${(container.ports ?? []).map((p) => p.containerPort).join(",")}`],
            suggestedCategory: { systemLevel: "Application", faultType: "Misconfiguration" },
          });
        }
      }
    }
    return findings;
  },
};
