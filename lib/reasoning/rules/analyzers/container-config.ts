/** CreateContainerConfigError and FailedMount: a pod referencing a ConfigMap, Secret or key that does not exist. */
import type { Analyzer, Finding } from "./types";
import { eventEvidence, eventsAbout, podObject, serviceOfPod } from "./snapshot-queries";

const ANALYZER = "container-config";

/** The object a kubelet config error names: `configmap "x" not found`, `couldn't find key K in ConfigMap ns/x`. */
export function parseConfigError(message: string): { kind: "ConfigMap" | "Secret"; name: string; key?: string } | undefined {
  const missingKey = /couldn't find key (\S+) in (ConfigMap|Secret) (?:[^/\s]+\/)?(\S+)/i.exec(message);
  if (missingKey) return { kind: missingKey[2]?.toLowerCase() === "secret" ? "Secret" : "ConfigMap", name: missingKey[3] ?? "", key: missingKey[1] ?? "" };
  const missingObject = /(configmap|secret)s? "([^"]+)" not found/i.exec(message);
  if (missingObject) return { kind: missingObject[1]?.toLowerCase() === "secret" ? "Secret" : "ConfigMap", name: missingObject[2] ?? "" };
  return undefined;
}

/** One finding per container that cannot be created because of its configuration. */
export const containerConfigAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "CreateContainerConfigError / FailedMount: missing ConfigMap, Secret or key",
  analyze(snapshot) {
    const findings: Finding[] = [];
    for (const pod of snapshot.pods) {
      const name = pod.metadata?.name ?? "";
      const service = serviceOfPod(pod, snapshot);
      for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
        const waiting = status.state?.waiting;
        if (waiting?.reason !== "CreateContainerConfigError") continue;
        const message = waiting.message ?? "";
        const missing = parseConfigError(message);
        const what = missing ? `${missing.kind} ${missing.name}${missing.key ? ` has no key ${missing.key}` : " does not exist"}` : message;
        findings.push({
          id: `container-config:${pod.metadata?.namespace ?? ""}/${name}/${status.name}`,
          analyzer: ANALYZER,
          severity: "critical",
          object: podObject(pod),
          ...(service ? { service } : {}),
          title: `${name}: container ${status.name} cannot start: ${what}`,
          detail: "The kubelet cannot build the container's environment from a referenced ConfigMap or Secret; the container is never started.",
          evidence: [`container ${status.name} waiting: CreateContainerConfigError: ${message}`, ...eventsAbout(snapshot, "Pod", name, "Failed").slice(0, 1).map(eventEvidence)],
          suggestedCategory: { systemLevel: "Application", faultType: "Misconfiguration" },
        });
      }
      const mountFailure = eventsAbout(snapshot, "Pod", name, "FailedMount")[0];
      if (mountFailure && pod.status?.phase === "Pending") {
        findings.push({
          id: `failed-mount:${pod.metadata?.namespace ?? ""}/${name}`,
          analyzer: ANALYZER,
          severity: "critical",
          object: podObject(pod),
          ...(service ? { service } : {}),
          title: `${name}: a volume cannot be mounted`,
          detail: "The pod stays Pending until the referenced ConfigMap/Secret (or volume) exists.",
          evidence: [eventEvidence(mountFailure)],
          suggestedCategory: { systemLevel: "Application", faultType: "Misconfiguration" },
        });
      }
    }
    return findings;
  },
};
