import { describe, expect, it } from "vitest";
import { chaosObjectsAnalyzer } from "./chaos-objects";
import { containerConfigAnalyzer, parseConfigError } from "./container-config";
import { deploymentsAnalyzer } from "./deployments";
import { imagePullAnalyzer } from "./image-pull";
import { logSignaturesAnalyzer } from "./log-signatures";
import { networkPoliciesAnalyzer } from "./network-policies";
import { podStateAnalyzer } from "./pod-state";
import { probesAnalyzer } from "./probes";
import { recentRolloutAnalyzer } from "./recent-rollout";
import { parseQuotaExceeded, replicaSetFailedCreateAnalyzer } from "./replicaset-failed-create";
import { runAnalyzers } from "./run-analyzers";
import { parseFailedScheduling, schedulingAnalyzer } from "./scheduling";
import { servicesAnalyzer } from "./services";
import { container, deployment, endpoints, event, NOW, NS, pod, replicaSet, runningStatus, service, snapshot } from "./testing/snapshot-fixtures";
import type { Analyzer } from "./types";

const options = { nowMs: Date.parse(NOW), recentRolloutMinutes: 30 };
const run = (analyzer: Analyzer, parts: Parameters<typeof snapshot>[0]) => analyzer.analyze(snapshot(parts), options);

const healthy = snapshot({
  pods: [pod("cart-7d9f-a"), pod("cart-7d9f-b")],
  deployments: [deployment("cart")],
  replicaSets: [replicaSet("cart-7d9f", "cart", { revision: 1, createdAt: "2026-02-01T00:00:00Z" })],
  services: [service("cart")],
  endpoints: [endpoints("cart", ["cart-7d9f-a", "cart-7d9f-b"])],
});

describe("a healthy namespace", () => {
  it("has no findings", () => {
    expect(runAnalyzers(healthy)).toEqual([]);
  });
});

describe("pod-state", () => {
  it("reports CrashLoopBackOff with the last exit code and message", () => {
    const crashing = pod("cart-7d9f-a", {
      ready: false,
      statuses: [
        runningStatus({
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=app" } },
          lastState: { terminated: { reason: "Error", exitCode: 1, message: "panic: nil map" } },
        }),
      ],
    });
    const [finding, ...rest] = run(podStateAnalyzer, { pods: [crashing], events: [event("Pod", "cart-7d9f-a", "BackOff", "Back-off restarting failed container app")] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: `pod-crashloop:${NS}/cart-7d9f-a/app`, severity: "critical", service: "cart", object: { kind: "Pod", name: "cart-7d9f-a" }, suggestedCategory: { systemLevel: "Application", faultType: "Code Defect" } });
    expect(finding?.evidence).toContain("container app last terminated: reason=Error exitCode=1 message=panic: nil map");
    expect(finding?.evidence.some((e) => e.includes("BackOff"))).toBe(true);
  });

  it("names OOMKilled as a memory misconfiguration, in a loop or not", () => {
    const oomLoop = pod("cart-7d9f-a", { statuses: [runningStatus({ ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { reason: "OOMKilled", exitCode: 137 } } })] });
    expect(run(podStateAnalyzer, { pods: [oomLoop] })[0]).toMatchObject({ title: expect.stringContaining("OOMKilled"), suggestedCategory: { faultType: "Misconfiguration" } });
    const recovered = pod("cart-7d9f-b", { statuses: [runningStatus({ restartCount: 1, lastState: { terminated: { reason: "OOMKilled", exitCode: 137 } } })] });
    expect(run(podStateAnalyzer, { pods: [recovered] })[0]).toMatchObject({ id: `pod-oomkilled:${NS}/cart-7d9f-b/app`, severity: "warning" });
  });

  it("ignores healthy pods and containers that exited 0", () => {
    const completed = pod("job-a", { statuses: [runningStatus({ state: { terminated: { reason: "Completed", exitCode: 0 } } })] });
    expect(run(podStateAnalyzer, { pods: [...healthy.pods, completed] })).toEqual([]);
  });
});

describe("image-pull", () => {
  const pulling = pod("cart-7d9f-a", { ready: false, spec: { containers: [container({ image: "ghcr.io/agentic-sre/shop-cart:9.9.9" })] }, statuses: [runningStatus({ ready: false, state: { waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "ghcr.io/agentic-sre/shop-cart:9.9.9"' } } })] });

  it("names the image and the reason", () => {
    const [f] = run(imagePullAnalyzer, { pods: [pulling], events: [event("Pod", "cart-7d9f-a", "Failed", 'Failed to pull image "ghcr.io/agentic-sre/shop-cart:9.9.9": not found')] });
    expect(f).toMatchObject({ id: `image-pull:${NS}/cart-7d9f-a/app`, severity: "critical", suggestedCategory: { faultType: "Misconfiguration" } });
    expect(f?.evidence).toContain("image=ghcr.io/agentic-sre/shop-cart:9.9.9");
    expect(f?.title).toContain("ImagePullBackOff");
  });

  it("calls a registry refusal an authentication issue", () => {
    const [f] = run(imagePullAnalyzer, { pods: [pulling], events: [event("Pod", "cart-7d9f-a", "Failed", "Failed to pull image: 401 Unauthorized: authentication required")] });
    expect(f?.suggestedCategory?.faultType).toBe("Authentication Issue");
  });

  it("ignores pods pulling normally", () => {
    const creating = pod("cart-7d9f-b", { statuses: [runningStatus({ ready: false, state: { waiting: { reason: "ContainerCreating" } } })] });
    expect(run(imagePullAnalyzer, { pods: [creating] })).toEqual([]);
  });
});

describe("container-config", () => {
  it("parses kubelet messages into the missing object and key", () => {
    expect(parseConfigError("couldn't find key LOG_LEVEL in ConfigMap shop/cart-config")).toEqual({ kind: "ConfigMap", name: "cart-config", key: "LOG_LEVEL" });
    expect(parseConfigError('secret "db-creds" not found')).toEqual({ kind: "Secret", name: "db-creds" });
    expect(parseConfigError("something else")).toBeUndefined();
  });

  it("reports the missing key", () => {
    const broken = pod("cart-7d9f-a", { ready: false, statuses: [runningStatus({ ready: false, state: { waiting: { reason: "CreateContainerConfigError", message: "couldn't find key LOG_LEVEL in ConfigMap shop/cart-config" } } })] });
    const [f] = run(containerConfigAnalyzer, { pods: [broken] });
    expect(f).toMatchObject({ id: `container-config:${NS}/cart-7d9f-a/app`, title: "cart-7d9f-a: container app cannot start: ConfigMap cart-config has no key LOG_LEVEL", suggestedCategory: { systemLevel: "Application", faultType: "Misconfiguration" } });
  });

  it("reports FailedMount on a Pending pod and ignores healthy pods", () => {
    const pending = pod("cart-7d9f-a", { phase: "Pending", ready: false, statuses: [runningStatus({ ready: false, state: { waiting: { reason: "ContainerCreating" } } })] });
    const found = run(containerConfigAnalyzer, { pods: [pending], events: [event("Pod", "cart-7d9f-a", "FailedMount", 'MountVolume.SetUp failed for volume "config" : configmap "cart-config" not found')] });
    expect(found.map((f) => f.id)).toEqual([`failed-mount:${NS}/cart-7d9f-a`]);
    expect(run(containerConfigAnalyzer, { pods: healthy.pods })).toEqual([]);
  });
});

describe("scheduling", () => {
  it("parses the scheduler's per-reason node counts", () => {
    const reasons = parseFailedScheduling("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    expect(reasons).toEqual([
      { nodes: 1, text: "node(s) were unschedulable", cause: "unschedulable-nodes" },
      { nodes: 2, text: "Insufficient cpu", cause: "insufficient-cpu" },
    ]);
    expect(parseFailedScheduling("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: ...")[0]?.cause).toBe("node-selector-affinity");
    expect(parseFailedScheduling("0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}.")[0]?.cause).toBe("taints");
    expect(parseFailedScheduling("0/3 nodes are available: 3 Insufficient memory.")[0]?.cause).toBe("insufficient-memory");
  });

  it("reports a Pending pod with the parsed reason and its nodeSelector", () => {
    const pending = pod("cart-7d9f-a", { phase: "Pending", ready: false, node: null, statuses: [], spec: { nodeSelector: { disktype: "ssd" } } });
    const [f] = run(schedulingAnalyzer, { pods: [pending], events: [event("Pod", "cart-7d9f-a", "FailedScheduling", "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")] });
    expect(f).toMatchObject({ id: `pod-unschedulable:${NS}/cart-7d9f-a`, severity: "critical", suggestedCategory: { systemLevel: "Virtualization", faultType: "Misconfiguration" } });
    expect(f?.title).toContain("nodeSelector/node affinity matches no node");
    expect(f?.evidence).toContain('nodeSelector={"disktype":"ssd"}');
  });

  it("calls cordoned nodes an operation error, and ignores scheduled pods", () => {
    const pending = pod("cart-7d9f-a", { phase: "Pending", ready: false, node: null, statuses: [] });
    const [f] = run(schedulingAnalyzer, { pods: [pending], events: [event("Pod", "cart-7d9f-a", "FailedScheduling", "0/3 nodes are available: 3 node(s) were unschedulable.")] });
    expect(f?.suggestedCategory?.faultType).toBe("Operation Error");
    expect(run(schedulingAnalyzer, { pods: healthy.pods, events: [event("Pod", "cart-7d9f-a", "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu.")] })).toEqual([]);
  });
});

describe("replicaset-failed-create", () => {
  const quotaMessage = 'Error creating: pods "cart-7d9f-x" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=4, limited: pods=4';

  it("parses quota messages", () => {
    expect(parseQuotaExceeded(quotaMessage)).toEqual({ quota: "compute", requested: "pods=1", used: "pods=4", limited: "pods=4" });
  });

  it("reports a ReplicaSet short of replicas because of a quota", () => {
    const rs = replicaSet("cart-7d9f", "cart", { revision: 1, createdAt: "2026-03-01T11:00:00Z", replicas: 6, current: 4 });
    const [f] = run(replicaSetFailedCreateAnalyzer, { replicaSets: [rs], events: [event("ReplicaSet", "cart-7d9f", "FailedCreate", quotaMessage, { count: 7 })] });
    expect(f).toMatchObject({ id: `replicaset-failed-create:${NS}/cart-7d9f`, service: "cart", title: "cart-7d9f cannot create pods: ResourceQuota compute exceeded" });
    expect(f?.evidence[0]).toContain("(x7)");
  });

  it("ignores an old failure once the ReplicaSet is complete", () => {
    const rs = replicaSet("cart-7d9f", "cart", { revision: 1, createdAt: "2026-03-01T11:00:00Z", replicas: 2, current: 2 });
    expect(run(replicaSetFailedCreateAnalyzer, { replicaSets: [rs], events: [event("ReplicaSet", "cart-7d9f", "FailedCreate", quotaMessage)] })).toEqual([]);
  });
});

describe("probes", () => {
  it("reports Unhealthy events per pod", () => {
    const [f] = run(probesAnalyzer, { pods: [pod("cart-7d9f-a", { ready: false })], events: [event("Pod", "cart-7d9f-a", "Unhealthy", 'Readiness probe failed: Get "http://10.244.1.5:8081/readyz": dial tcp 10.244.1.5:8081: connect: connection refused', { count: 12 })] });
    expect(f).toMatchObject({ id: `probe-failing:${NS}/cart-7d9f-a`, title: "cart-7d9f-a: Readiness probe failing", severity: "warning" });
  });

  it("reports a probe on a port the container does not declare", () => {
    const d = deployment("cart", { containers: [container({ readinessProbe: { httpGet: { path: "/readyz", port: 8081 as never } }, livenessProbe: { httpGet: { path: "/healthz", port: "http" as never } } })] });
    const found = run(probesAnalyzer, { deployments: [d] });
    expect(found.map((f) => f.id)).toEqual([`probe-port:${NS}/cart/app/readiness`]);
    expect(found[0]?.evidence).toEqual(["readinessProbe port=8081", "containerPorts=8080"]);
  });
});

describe("services", () => {
  it("reports a selector that matches no pods", () => {
    const found = run(servicesAnalyzer, { pods: healthy.pods, services: [service("cart", { selectorApp: "carts" })], endpoints: [endpoints("cart", [])] });
    expect(found.map((f) => f.id)).toEqual([`service-selector-no-pods:${NS}/cart`]);
    expect(found[0]?.evidence).toContain("selector=app=carts");
  });

  it("reports a targetPort no selected container exposes", () => {
    const found = run(servicesAnalyzer, { pods: healthy.pods, services: [service("cart", { targetPort: 9090 })], endpoints: [endpoints("cart", ["cart-7d9f-a"])] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: `service-target-port:${NS}/cart/80`, severity: "critical" });
    expect(found[0]?.evidence).toEqual(["service port 80 -> targetPort 9090", "containerPorts of selected pods: 8080(http)"]);
  });

  it("accepts a named targetPort that matches, and reports no ready endpoints", () => {
    const notReady = [pod("cart-7d9f-a", { ready: false })];
    const found = run(servicesAnalyzer, { pods: notReady, services: [service("cart", { targetPort: "http" })], endpoints: [endpoints("cart", [], ["cart-7d9f-a"])] });
    expect(found.map((f) => f.id)).toEqual([`service-no-endpoints:${NS}/cart`]);
  });

  it("skips services without a selector and healthy ones", () => {
    const manual = { ...service("external"), spec: { ports: [{ port: 80 }] } };
    expect(run(servicesAnalyzer, { ...healthy, services: [...healthy.services, manual] })).toEqual([]);
  });
});

describe("network-policies", () => {
  const pods = [pod("cart-7d9f-a"), pod("checkout-1", { app: "checkout" }), pod("frontend-1", { app: "frontend" })];
  const services = [service("cart")];

  it("reports a policy that denies all ingress to pods behind a Service", () => {
    const policy = { metadata: { name: "deny-cart", namespace: NS }, spec: { podSelector: { matchLabels: { app: "cart" } }, policyTypes: ["Ingress"], ingress: [] } };
    const [f] = run(networkPoliciesAnalyzer, { pods, services, networkPolicies: [policy] });
    expect(f).toMatchObject({ id: `network-policy-deny:${NS}/deny-cart`, severity: "critical", service: "cart" });
    expect(f?.evidence).toContain("apps without an allowing rule: checkout, frontend");
  });

  it("reports callers left out by from-selectors", () => {
    const policy = { metadata: { name: "only-frontend", namespace: NS }, spec: { podSelector: { matchLabels: { app: "cart" } }, ingress: [{ _from: [{ podSelector: { matchLabels: { app: "frontend" } } }] }] } };
    const [f] = run(networkPoliciesAnalyzer, { pods, services, networkPolicies: [policy] });
    expect(f).toMatchObject({ severity: "warning", title: "NetworkPolicy only-frontend blocks checkout from reaching app=cart" });
  });

  it("is quiet for an allow-all rule or a policy selecting no pods", () => {
    const allowAll = { metadata: { name: "allow", namespace: NS }, spec: { podSelector: { matchLabels: { app: "cart" } }, ingress: [{}] } };
    const nothing = { metadata: { name: "none", namespace: NS }, spec: { podSelector: { matchLabels: { app: "ghost" } }, ingress: [] } };
    expect(run(networkPoliciesAnalyzer, { pods, services, networkPolicies: [allowAll, nothing] })).toEqual([]);
  });
});

describe("deployments", () => {
  it("reports unavailable replicas, ProgressDeadlineExceeded and scale to zero", () => {
    const found = run(deploymentsAnalyzer, {
      deployments: [
        deployment("cart", { replicas: 3, available: 1 }),
        deployment("checkout", { replicas: 2, available: 0, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "checkout-5c" has timed out progressing.' }] }),
        deployment("payment", { replicas: 0 }),
        deployment("email", { replicas: 0 }),
      ],
      services: [service("payment")],
    });
    expect(found.map((f) => [f.id, f.severity])).toEqual([
      [`deployment-unavailable:${NS}/cart`, "warning"],
      [`deployment-progress-deadline:${NS}/checkout`, "critical"],
      [`deployment-scaled-to-zero:${NS}/payment`, "critical"],
      [`deployment-scaled-to-zero:${NS}/email`, "info"],
    ]);
  });

  it("is quiet for fully available deployments", () => {
    expect(run(deploymentsAnalyzer, healthy)).toEqual([]);
  });
});

describe("recent-rollout", () => {
  const old = replicaSet("cart-6b8c", "cart", { revision: 1, createdAt: "2026-02-01T00:00:00Z", replicas: 0 });
  const changed = replicaSet("cart-7d9f", "cart", { revision: 2, createdAt: "2026-03-01T11:50:00Z", changeCause: "kubectl set image", containers: [container({ image: "ghcr.io/agentic-sre/shop-cart:1.1.0", env: [{ name: "LOG_LEVEL", value: "debug" }] })] });

  it("reports a rollout inside the window with the template diff", () => {
    const [f] = run(recentRolloutAnalyzer, { deployments: [deployment("cart", { revision: "2", available: 1 })], replicaSets: [old, changed] });
    expect(f).toMatchObject({ id: `recent-rollout:${NS}/cart/2`, severity: "warning", service: "cart" });
    expect(f?.title).toContain("10 min ago");
    expect(f?.evidence).toContain("containers[app].image: ghcr.io/agentic-sre/shop-cart:1.0.0 -> ghcr.io/agentic-sre/shop-cart:1.1.0");
    expect(f?.evidence).toContain("containers[app].env[LOG_LEVEL]: <unset> -> LOG_LEVEL=debug");
  });

  it("ignores rollouts older than the window and first revisions", () => {
    expect(recentRolloutAnalyzer.analyze(snapshot({ deployments: [deployment("cart")], replicaSets: [old, changed] }), { ...options, recentRolloutMinutes: 5 })).toEqual([]);
    expect(run(recentRolloutAnalyzer, { deployments: [deployment("cart")], replicaSets: [changed] })).toEqual([]);
  });
});

describe("chaos-objects", () => {
  it("reports each fault object with its target and category", () => {
    const found = run(chaosObjectsAnalyzer, {
      chaos: [
        { kind: "NetworkChaos", name: "slow-cart", namespace: NS, spec: { action: "delay", mode: "all", selector: { labelSelectors: { app: "cart" } }, delay: { latency: "500ms" } } },
        { kind: "DatabaseFault", name: "revoke", namespace: NS, spec: { database: "postgres", action: "RevokeRole", user: "shop", role: "writer" } },
        { kind: "StressChaos", name: "burn", namespace: NS, spec: { mode: "one", selector: { labelSelectors: { app: "payment" } }, stressors: { cpu: { workers: 2 } } } },
      ],
    });
    expect(found.map((f) => [f.title, f.service, f.suggestedCategory?.faultType])).toEqual([
      ["NetworkChaos slow-cart injects 500ms delay on cart", "cart", "Network/Storage Issue"],
      ["DatabaseFault revoke: RevokeRole for user shop on database postgres", "postgres", "Authentication Issue"],
      ["StressChaos burn applies cpu stress to payment", "payment", "Operation Error"],
    ]);
  });
});

describe("log-signatures", () => {
  it("groups matching lines per signature and quotes them", () => {
    const found = run(logSignaturesAnalyzer, {
      pods: [pod("checkout-1", { app: "checkout" })],
      logSamples: [
        {
          pod: "checkout-1",
          container: "app",
          previous: false,
          lines: [
            'level=info msg="started"',
            'level=error msg="dial tcp 10.96.0.20:8080: connect: connection refused"',
            'level=error msg="lookup payments on 10.96.0.10:53: no such host"',
            'level=error msg="pq: password authentication failed for user \\"shop\\""',
            "Error: Cannot find module '/app/server.js'",
            'exec: "shop-cart": executable file not found in $PATH',
            "context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
            "FATAL: JavaScript heap out of memory",
          ],
        },
      ],
    });
    expect(found.map((f) => f.id.split(":")[0])).toEqual(["log-connection-refused", "log-no-such-host", "log-auth-failed", "log-module-not-found", "log-exec-not-found", "log-timeout", "log-out-of-memory"]);
    expect(found.every((f) => f.service === "checkout")).toBe(true);
  });

  it("finds nothing in clean logs", () => {
    expect(run(logSignaturesAnalyzer, { logSamples: [{ pod: "x", container: "app", previous: false, lines: ["level=info msg=ok", "GET /healthz 200"] }] })).toEqual([]);
  });
});

describe("runAnalyzers", () => {
  it("sorts by severity and deduplicates by id, and can run a subset", () => {
    const s = snapshot({
      ...healthy,
      deployments: [deployment("cart", { replicas: 2, available: 1 }), deployment("email", { replicas: 0 })],
      services: [service("cart", { selectorApp: "nobody" })],
    });
    const findings = runAnalyzers(s);
    expect(findings.map((f) => f.severity)).toEqual(["critical", "warning", "info"]);
    expect(runAnalyzers(s, { only: ["deployments"] }).every((f) => f.analyzer === "deployments")).toBe(true);
  });
});
