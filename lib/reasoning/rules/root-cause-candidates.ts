/**
 * Candidate root causes from what the diagnosis gathered: analyzer findings (each mapped to the
 * object the fault lives in, not the pod that shows it), Services callers cannot resolve, and
 * authentication failures on database edges. Pure: the diagnosis agent ranks them against the
 * call-graph walk.
 */
import type { Evidence, ObjectRef } from "../../agents/agent-schemas";
import { parseConfigError } from "./analyzers/container-config";
import { parseQuotaExceeded } from "./analyzers/replicaset-failed-create";
import type { FaultMechanism } from "./fault-mechanism";
import { parseEqualitySelector, type DeploymentData, type FindingData } from "./tool-data";

/** One hypothesis: where the fault lives, which services it touches, and why we think so. */
export interface RootCauseCandidate {
  object: ObjectRef;
  mechanism: FaultMechanism;
  /** Apps the fault acts on (the callee of a broken Service, a chaos target, the Deployment's app). */
  services: string[];
  /** The app the diagnosis reports as the faulty service. */
  service: string;
  rootCause: string;
  evidence: Evidence[];
  /** Finding ids behind the candidate. */
  findingIds: string[];
}

/** Facts beyond the findings the candidates are built from. */
export interface CandidateFacts {
  namespace: string;
  findings: readonly FindingData[];
  deployments: readonly DeploymentData[];
  /** Service names that exist now. */
  serviceNames: ReadonlySet<string>;
  /** Callee names called with DNS failures (callers cannot resolve them), with the edge that shows it. */
  unresolvedCallees: readonly { from: string; to: string; rate: number; callId?: string }[];
  /** Edges whose client logs show authentication/authorization failures. */
  authFailures: readonly { client: string; callee: string; line: string; callId: string }[];
  /** Secrets each client Deployment references, from config_refs. */
  clientSecrets: ReadonlyMap<string, { secret: string; key?: string; callId: string }[]>;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The spec a chaos finding quotes in its evidence (`<Kind> <name> spec={...}`). */
export function chaosSpecOf(finding: FindingData): Record<string, unknown> {
  for (const line of finding.evidence) {
    const at = line.indexOf(" spec=");
    if (at < 0) continue;
    try {
      return record(JSON.parse(line.slice(at + " spec=".length)));
    } catch {
      // Evidence is text first; an unparsable spec only loses the targets.
    }
  }
  return {};
}

function appOfSelector(selector: unknown): string | undefined {
  const labels = record(record(selector).labelSelectors);
  const app = labels["app.kubernetes.io/name"] ?? labels.app;
  return typeof app === "string" ? app : undefined;
}

/** The Deployment a pod-level finding belongs to: its app when a Deployment has that name, else the pod name minus its two generated suffixes. */
export function deploymentOfFinding(finding: FindingData, deployments: readonly DeploymentData[]): string {
  if (finding.service && deployments.some((d) => d.name === finding.service)) return finding.service;
  const name = finding.object.name;
  if (finding.object.kind === "ReplicaSet") return name.replace(/-[a-z0-9]+$/, "");
  return name.replace(/-[a-z0-9]+-[a-z0-9]+$/, "");
}

function fromFinding(f: FindingData, facts: CandidateFacts): RootCauseCandidate | undefined {
  const ns = f.object.namespace || facts.namespace;
  const cite: Evidence = { summary: f.title, source: { findingId: f.id } };
  const base = { evidence: [cite], findingIds: [f.id] };
  const deploymentCandidate = (mechanism: FaultMechanism, rootCause: (name: string) => string): RootCauseCandidate => {
    const name = deploymentOfFinding(f, facts.deployments);
    return { ...base, object: { kind: "Deployment", namespace: ns, name }, mechanism, services: [name], service: name, rootCause: rootCause(name) };
  };
  const text = `${f.title} ${f.detail} ${f.evidence.join(" ")}`;
  switch (f.analyzer) {
    case "chaos-objects": {
      const spec = chaosSpecOf(f);
      const targets = [appOfSelector(spec.selector), appOfSelector(record(spec.target).selector), typeof spec.database === "string" ? spec.database : undefined].filter((s): s is string => !!s);
      const services = [...new Set(targets.length ? targets : f.service ? [f.service] : [])];
      const action = String(spec.action ?? "");
      const mechanism: FaultMechanism = f.object.kind === "NetworkChaos" ? "network-chaos" : f.object.kind === "StressChaos" ? "stress-chaos" : /DropUser|RevokeRole|Revoke|Password|Auth/i.test(action) ? "database-auth" : "database-fault";
      const who = typeof spec.user === "string" ? ` of user ${spec.user}` : "";
      const rootCause =
        mechanism === "database-auth"
          ? `The database ${services[0] ?? ""} refuses the credentials${who}: ${f.object.kind} ${f.object.name} (${action}) removed its access, so its clients' queries fail.`
          : `${f.object.kind} ${f.object.name} is injecting a fault into ${services.join(" and ") || "the selected pods"}: ${f.title}.`;
      return { ...base, object: { kind: f.object.kind, namespace: ns, name: f.object.name }, mechanism, services, service: services[0] ?? f.service ?? "", rootCause };
    }
    case "services": {
      const name = f.object.name;
      if (f.id.startsWith("service-selector-no-pods:")) {
        const selector = Object.entries(parseEqualitySelector(f.evidence[0]?.replace(/^selector=/, "") ?? ""));
        // No pods because the workload behind the selector is scaled to zero: the selector itself is right.
        const backed = facts.deployments.some((d) => {
          const labels = parseEqualitySelector(d.selector);
          return selector.length > 0 && selector.every(([k, v]) => labels[k] === v);
        });
        if (backed) return undefined;
        return { ...base, object: { kind: "Service", namespace: ns, name }, mechanism: "service-selector", services: [name], service: name, rootCause: `Service ${name}'s selector matches no pod, so it has no endpoints and every call to it is refused.` };
      }
      if (f.id.startsWith("service-target-port:")) {
        return { ...base, object: { kind: "Service", namespace: ns, name }, mechanism: "service-target-port", services: [name], service: name, rootCause: `Service ${name} forwards to a targetPort no selected container listens on, so its callers get connection refused while its pods stay healthy.` };
      }
      return undefined; // No ready endpoints: a consequence of the pods, ranked through them.
    }
    case "network-policies": {
      const denied = f.evidence.find((e) => e.startsWith("apps without an allowing rule: "))?.replace("apps without an allowing rule: ", "").split(", ") ?? [];
      const services = [...new Set([f.service ?? "", ...denied].filter(Boolean))];
      return { ...base, object: { kind: "NetworkPolicy", namespace: ns, name: f.object.name }, mechanism: "network-policy", services, service: f.service ?? "", rootCause: `NetworkPolicy ${f.object.name} denies ingress to ${f.service ?? "its pods"} from ${denied.join(", ") || "its callers"}, whose calls are dropped and time out.` };
    }
    case "replicaset-failed-create": {
      const quota = f.evidence.map((e) => parseQuotaExceeded(e)).find((q) => q !== undefined);
      const app = f.service ?? deploymentOfFinding(f, facts.deployments);
      if (quota) return { ...base, object: { kind: "ResourceQuota", namespace: ns, name: quota.quota.trim() }, mechanism: "quota-exhausted", services: [app], service: app, rootCause: `ResourceQuota ${quota.quota.trim()} is exhausted (used ${quota.used} of ${quota.limited}), so ${app}'s ReplicaSet cannot create its pods.` };
      return deploymentCandidate("failed-create", (d) => `Deployment ${d}'s ReplicaSet cannot create pods (FailedCreate).`);
    }
    case "container-config": {
      const missing = f.evidence.map((e) => parseConfigError(e)).find((m) => m !== undefined);
      const app = f.service ?? deploymentOfFinding(f, facts.deployments);
      if (!missing) return deploymentCandidate("config-missing", (d) => `Deployment ${d}'s pods reference configuration that does not exist.`);
      return { ...base, object: { kind: missing.kind, namespace: ns, name: missing.name }, mechanism: "config-missing", services: [app], service: app, rootCause: `${missing.kind} ${missing.name} ${missing.key ? `lacks the key ${missing.key}` : "does not exist"}, which ${app}'s containers need, so its new pods cannot start (CreateContainerConfigError).` };
    }
    case "image-pull": {
      const auth = f.suggestedCategory?.faultType === "Authentication Issue";
      const image = f.evidence.find((e) => e.startsWith("image="))?.slice("image=".length) ?? "";
      return deploymentCandidate(auth ? "image-pull-auth" : "image-pull", (d) => (auth ? `The registry refuses to let Deployment ${d} pull ${image} (credentials missing or wrong).` : `Deployment ${d} was rolled out with image ${image}, which cannot be pulled, so its new pods never start.`));
    }
    case "pod-state": {
      if (/OOMKilled/.test(text)) return deploymentCandidate("oom-limit", (d) => `Deployment ${d}'s containers are OOMKilled: their memory limit is below their working set.`);
      if (/StartError|executable file not found|no such file or directory|exec format error/i.test(text)) return deploymentCandidate("bad-command", (d) => `Deployment ${d}'s containers run a command their image does not contain, so they fail to start and crash-loop.`);
      return deploymentCandidate("crash", (d) => `Deployment ${d}'s containers crash on start.`);
    }
    case "scheduling": {
      if (/cordoned|unschedulable\)/i.test(f.title)) return deploymentCandidate("nodes-cordoned", (d) => `Deployment ${d}'s pods cannot be scheduled because the nodes are cordoned.`);
      if (/nodeSelector|node affinity|insufficient/i.test(text)) return deploymentCandidate("unschedulable", (d) => `Deployment ${d}'s pod template requires nodes that do not exist (${f.evidence.find((e) => e.startsWith("nodeSelector=")) ?? "node constraint"}), so its pods stay Pending.`);
      return deploymentCandidate("unschedulable", (d) => `Deployment ${d}'s pods cannot be scheduled.`);
    }
    case "probes":
      // Failing probes (Unhealthy events) are how a struggling app looks; only a probe aimed at a port the container never opens is a cause.
      if (!f.id.startsWith("probe-port:")) return undefined;
      return deploymentCandidate("probe", (d) => `Deployment ${d}'s probes check a port or path the container does not serve.`);
    case "deployments":
      if (f.id.startsWith("deployment-scaled-to-zero:")) {
        const name = f.object.name;
        return { ...base, object: { kind: "Deployment", namespace: ns, name }, mechanism: "scaled-to-zero", services: [name], service: name, rootCause: `Deployment ${name} was scaled to zero replicas, so its Service has no endpoints and callers are refused.` };
      }
      return undefined; // Unavailable replicas are the symptom of a pod-level cause.
    default:
      return undefined; // recent-rollout and log-signatures support candidates; they are not causes by themselves.
  }
}

/** Every candidate, deduplicated by object and mechanism (evidence merged). */
export function rootCauseCandidates(facts: CandidateFacts): RootCauseCandidate[] {
  const out = new Map<string, RootCauseCandidate>();
  const add = (c: RootCauseCandidate | undefined) => {
    if (!c) return;
    const key = `${c.mechanism}|${c.object.kind}/${c.object.name}`;
    const known = out.get(key);
    if (!known) out.set(key, c);
    else {
      known.evidence.push(...c.evidence);
      known.findingIds.push(...c.findingIds);
    }
  };
  for (const finding of facts.findings) add(fromFinding(finding, facts));

  for (const edge of facts.unresolvedCallees) {
    if (facts.serviceNames.has(edge.to)) continue;
    add({
      object: { kind: "Service", namespace: facts.namespace, name: edge.to },
      mechanism: "service-missing",
      services: [edge.to],
      service: edge.to,
      rootCause: `Service ${edge.to} does not exist (deleted), so its name no longer resolves and ${edge.from}'s calls fail with 'no such host' while ${edge.to}'s pods keep running.`,
      evidence: [
        { summary: `${edge.from} -> ${edge.to}: ${edge.rate.toFixed(2)} DNS failures/s`, source: { metric: `edge ${edge.from}->${edge.to} dns_error_rate over 2m` } },
        ...(edge.callId ? [{ summary: `no Service named ${edge.to} in ${facts.namespace}`, source: { callId: edge.callId } }] : []),
      ],
      findingIds: [],
    });
  }

  const databaseFaultTargets = new Set([...out.values()].filter((c) => c.mechanism === "database-auth").flatMap((c) => c.services));
  for (const failure of facts.authFailures) {
    const authCandidate = [...out.values()].find((c) => c.mechanism === "database-auth" && c.services.includes(failure.callee));
    const evidence: Evidence = { summary: `${failure.client} logs: ${failure.line.slice(0, 240)}`, source: { callId: failure.callId } };
    if (authCandidate) {
      authCandidate.evidence.push(evidence);
      if (!authCandidate.services.includes(failure.client)) authCandidate.services.push(failure.client);
      continue;
    }
    if (databaseFaultTargets.has(failure.callee)) continue;
    // No fault object at the database: the client presents wrong credentials, which come from a Secret.
    const secrets = facts.clientSecrets.get(failure.client) ?? [];
    const secret = secrets.find((s) => /pass|pwd|secret|token|cred/i.test(s.key ?? "")) ?? secrets[0];
    if (!secret) continue;
    add({
      object: { kind: "Secret", namespace: facts.namespace, name: secret.secret },
      mechanism: "credentials",
      services: [failure.client, failure.callee],
      service: failure.client,
      rootCause: `${failure.client} authenticates to ${failure.callee} with credentials from Secret ${secret.secret}${secret.key ? ` (key ${secret.key})` : ""} that ${failure.callee} rejects, while ${failure.callee} itself is healthy.`,
      evidence: [evidence, { summary: `${failure.client} reads its ${secret.key ?? "credentials"} from Secret ${secret.secret}`, source: { callId: secret.callId } }],
      findingIds: [],
    });
  }
  return [...out.values()];
}
