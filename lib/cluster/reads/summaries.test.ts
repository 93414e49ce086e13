import type { V1Pod, V1PodTemplateSpec } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { checkConfigRefs, configRefsOf } from "./config-ref-check";
import { filterEvents } from "./event-summary";
import { formatLabelSelector, matchesLabelSelector } from "../label-selector";
import { summarizeNetworkPolicy } from "./network-policy-summary";
import { diffPodTemplates } from "./pod-template-diff";
import { summarizePod } from "./pod-summary";
import { formatAge } from "./timestamps";

function template(container: Record<string, unknown>, spec: Record<string, unknown> = {}): V1PodTemplateSpec {
  return { metadata: { labels: { app: "cart", "pod-template-hash": String(Math.random()) } }, spec: { containers: [{ name: "app", image: "cart:1", ...container }], ...spec } };
}

describe("diffPodTemplates", () => {
  it("lists image, command, env, resources, ports, probes and nodeSelector changes", () => {
    const before = template({ command: ["/bin/cart"], env: [{ name: "A", value: "1" }, { name: "B", value: "2" }], resources: { limits: { memory: "256Mi" } }, ports: [{ containerPort: 8080 }] });
    const after = template(
      { image: "cart:2", command: ["/bin/cart", "--debug"], env: [{ name: "A", value: "1" }, { name: "C", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }], resources: { limits: { memory: "64Mi" } }, ports: [{ containerPort: 9090 }], readinessProbe: { httpGet: { path: "/ready", port: 9090 } } },
      { nodeSelector: { disktype: "ssd" } },
    );
    expect(diffPodTemplates(before, after)).toEqual([
      { field: "containers[app].image", before: "cart:1", after: "cart:2" },
      { field: "containers[app].command", before: '["/bin/cart"]', after: '["/bin/cart","--debug"]' },
      { field: "containers[app].env[B]", before: "B=2" },
      { field: "containers[app].env[C]", after: "C from secret s key k" },
      { field: "containers[app].resources", before: '{"limits":{"memory":"256Mi"}}', after: '{"limits":{"memory":"64Mi"}}' },
      { field: "containers[app].ports", before: '[{"containerPort":8080}]', after: '[{"containerPort":9090}]' },
      { field: "containers[app].readinessProbe", after: '{"httpGet":{"path":"/ready","port":9090}}' },
      { field: "nodeSelector", after: '{"disktype":"ssd"}' },
    ]);
  });

  it("treats key order and the pod-template-hash label as no change", () => {
    const a = template({ resources: { limits: { cpu: "1", memory: "1Gi" } } });
    const b = template({ resources: { limits: { memory: "1Gi", cpu: "1" } } });
    expect(diffPodTemplates(a, b)).toEqual([]);
  });

  it("reports added and removed containers", () => {
    const a = template({});
    const b: V1PodTemplateSpec = { spec: { containers: [{ name: "app", image: "cart:1" }, { name: "sidecar", image: "envoy:1" }] }, metadata: { labels: { app: "cart" } } };
    expect(diffPodTemplates(a, b)).toEqual([{ field: "containers[sidecar]", after: "container sidecar (envoy:1)" }]);
  });
});

describe("summarizePod", () => {
  it("picks the newest termination, the waiting reason and the owner", () => {
    const pod: V1Pod = {
      metadata: { name: "cart-1", namespace: "shop", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "cart-7d", uid: "u", controller: true }] },
      spec: { containers: [{ name: "app" }, { name: "proxy" }] },
      status: {
        phase: "Running",
        conditions: [{ type: "Ready", status: "False" }],
        containerStatuses: [
          { name: "app", image: "", imageID: "", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: new Date("2026-01-01T00:05:00Z") } } },
          { name: "proxy", image: "", imageID: "", ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 137, reason: "OOMKilled", finishedAt: new Date("2026-01-01T00:01:00Z") } } },
        ],
      },
    };
    expect(summarizePod(pod)).toMatchObject({ ready: "1/2", isReady: false, restarts: 4, waiting: { container: "app", reason: "CrashLoopBackOff" }, lastTermination: { container: "app", reason: "Error", exitCode: 1 }, owner: { kind: "ReplicaSet", name: "cart-7d" } });
  });
});

describe("label selectors", () => {
  it("evaluates matchLabels and every operator", () => {
    const selector = { matchLabels: { app: "cart" }, matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }, { key: "canary", operator: "DoesNotExist" }] };
    expect(matchesLabelSelector(selector, { app: "cart", tier: "api" })).toBe(true);
    expect(matchesLabelSelector(selector, { app: "cart", tier: "db" })).toBe(false);
    expect(matchesLabelSelector(selector, { app: "cart", tier: "web", canary: "1" })).toBe(false);
    expect(matchesLabelSelector({}, { any: "thing" })).toBe(true);
    expect(formatLabelSelector(selector)).toBe("app=cart,tier in (web,api),!canary");
  });
});

describe("summarizeNetworkPolicy", () => {
  it("puts deny-all and allow-from rules into words", () => {
    expect(summarizeNetworkPolicy({ metadata: { name: "deny", namespace: "shop" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } })).toEqual({
      name: "deny",
      namespace: "shop",
      podSelector: "all pods",
      policyTypes: ["Ingress", "Egress"],
      ingress: "all ingress denied (no rule allows any traffic)",
      egress: "all egress denied (no rule allows any traffic)",
    });
    const allow = summarizeNetworkPolicy({ metadata: { name: "cart", namespace: "shop" }, spec: { podSelector: { matchLabels: { app: "cart" } }, ingress: [{ _from: [{ podSelector: { matchLabels: { app: "checkout" } } }], ports: [{ port: 8080 as never }] }] } });
    expect(allow.ingress).toBe("allowed from pods app=checkout on TCP 8080; everything else denied");
    expect(allow.egress).toBeUndefined();
  });
});

describe("config references", () => {
  it("finds env, envFrom, volume and pull-secret references and checks keys", () => {
    const refs = configRefsOf({
      containers: [{ name: "app", env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "cfg", key: "A" } } }, { name: "P", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } }], envFrom: [{ secretRef: { name: "extra", optional: true } }] }],
      volumes: [{ name: "conf", configMap: { name: "files", items: [{ key: "app.yaml", path: "app.yaml" }] } }],
      imagePullSecrets: [{ name: "regcred" }],
    });
    const checked = checkConfigRefs(refs, [{ name: "cfg", keys: ["B"] }, { name: "files", keys: ["app.yaml"] }], [{ name: "creds", keys: ["password"] }]);
    expect(checked.map((c) => [c.usedBy, c.name, c.key, c.objectExists, c.keyExists, c.broken])).toEqual([
      ["container app env A", "cfg", "A", true, false, true],
      ["container app env P", "creds", "password", true, true, false],
      ["container app envFrom", "extra", undefined, false, undefined, false],
      ["volume conf", "files", "app.yaml", true, true, false],
      ["imagePullSecrets", "regcred", undefined, false, undefined, false],
    ]);
  });
});

describe("events and ages", () => {
  it("filters by kind, name, type and time, newest first", () => {
    const ev = (name: string, type: string, at: string) => ({ metadata: { name }, involvedObject: { kind: "Pod", name: name.split(".")[0] }, type, lastTimestamp: new Date(at) });
    const events = [ev("a.1", "Warning", "2026-01-01T00:01:00Z"), ev("a.2", "Normal", "2026-01-01T00:03:00Z"), ev("b.1", "Warning", "2026-01-01T00:02:00Z")];
    expect(filterEvents(events, {}).map((e) => e.metadata.name)).toEqual(["a.2", "b.1", "a.1"]);
    expect(filterEvents(events, { involvedName: "a", warningsOnly: true }).map((e) => e.metadata.name)).toEqual(["a.1"]);
    expect(filterEvents(events, { sinceMs: Date.parse("2026-01-01T00:02:00Z") }).map((e) => e.metadata.name)).toEqual(["a.2", "b.1"]);
    expect(formatAge(0, 90_000)).toBe("90s");
    expect(formatAge(0, 3 * 3600_000)).toBe("3h");
    expect(formatAge(undefined, 0)).toBe("?");
  });
});
