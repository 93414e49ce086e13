/**
 * Fault-injection objects present in the namespace (Chaos Mesh NetworkChaos / StressChaos, the
 * simulator's DatabaseFault). Their presence is a fact worth stating first: they explain
 * symptoms no Kubernetes object would.
 */
import type { ChaosObject } from "../../../cluster/reads/cluster-snapshot";
import type { Analyzer, FaultCategory } from "./types";

const ANALYZER = "chaos-objects";

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The app a chaos object targets: its selector's app label, or the database it names. */
function targetOf(chaos: ChaosObject): string | undefined {
  if (typeof chaos.spec.database === "string") return chaos.spec.database;
  const labels = record(record(chaos.spec.selector).labelSelectors);
  const app = labels["app.kubernetes.io/name"] ?? labels.app;
  return typeof app === "string" ? app : undefined;
}

function describe(chaos: ChaosObject): { title: string; category: FaultCategory } {
  const spec = chaos.spec;
  const target = targetOf(chaos) ?? "selected pods";
  if (chaos.kind === "NetworkChaos") {
    const action = String(spec.action ?? "netem");
    const delay = record(spec.delay).latency;
    const loss = record(spec.loss).loss;
    const what = action === "delay" && delay ? `${String(delay)} delay` : action === "loss" && loss ? `${String(loss)}% packet loss` : action;
    return { title: `NetworkChaos ${chaos.name} injects ${what} on ${target}`, category: { systemLevel: "Virtualization", faultType: "Network/Storage Issue" } };
  }
  if (chaos.kind === "StressChaos") {
    const stressors = Object.keys(record(spec.stressors)).join("+") || "resource";
    return { title: `StressChaos ${chaos.name} applies ${stressors} stress to ${target}`, category: { systemLevel: "Operating System", faultType: "Operation Error" } };
  }
  const action = String(spec.action ?? "");
  const auth = action === "DropUser" || action === "RevokeRole";
  const who = typeof spec.user === "string" ? ` for user ${spec.user}` : "";
  return { title: `DatabaseFault ${chaos.name}: ${action}${who} on database ${target}`, category: { systemLevel: "Application", faultType: auth ? "Authentication Issue" : "Dependency Problem" } };
}

/** One finding per chaos object. */
export const chaosObjectsAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "fault-injection objects present (NetworkChaos, StressChaos, DatabaseFault)",
  analyze(snapshot) {
    return snapshot.chaos.map((chaos) => {
      const { title, category } = describe(chaos);
      const target = targetOf(chaos);
      return {
        id: `chaos:${chaos.namespace}/${chaos.kind}/${chaos.name}`,
        analyzer: ANALYZER,
        severity: "warning" as const,
        object: { kind: chaos.kind, namespace: chaos.namespace, name: chaos.name },
        ...(target ? { service: target } : {}),
        title,
        detail: `A ${chaos.kind} object exists${chaos.createdAt ? ` since ${chaos.createdAt}` : ""}; its effect lasts until it is deleted${typeof chaos.spec.duration === "string" ? ` or its duration ${chaos.spec.duration} ends` : ""}.`,
        evidence: [`${chaos.kind} ${chaos.name} spec=${JSON.stringify(chaos.spec)}`],
        suggestedCategory: category,
      };
    });
  },
};
