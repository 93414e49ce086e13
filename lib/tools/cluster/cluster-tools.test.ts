/**
 * The tools against a real simulated cluster (API server, controllers, kubelet model) on
 * loopback, driven through lib/cluster like a real cluster. Each fault is an ordinary object
 * change; the tests check what an agent would read and what the analyzers conclude.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1Deployment } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterClients, type ClusterClients } from "../../cluster/client";
import { loadKubeConfig } from "../../cluster/kubeconfig";
import { collectClusterSnapshot } from "../../cluster/reads";
import { runAnalyzers } from "../../reasoning/rules/analyzers";
import { createSimulator, type Simulator } from "../../sim/simulator";
import { runTool, type ToolRunResult } from "../run-tool";
import type { ToolContext } from "../types";

const NS = "shop";
const SECRET_VALUE = "hunter2-supersecret";
const LITERAL_TOKEN = "tok-literal-0123456789";

let sim: Simulator;
let dir: string;
let clients: ClusterClients;
let ctx: ToolContext;

function deployment(name: string, container: Record<string, unknown>, replicas = 2): V1Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1.25", ports: [{ name: "http", containerPort: 80 }], ...container }] } },
    },
  };
}

/** Moves simulated time in 1s steps (every controller and kubelet tick runs), letting HTTP writes land first. */
async function advance(seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    sim.clock.advance(1000);
    sim.controllers?.reconcileNow();
  }
  await new Promise((resolve) => setImmediate(resolve));
}

async function call(name: string, params: Record<string, unknown>): Promise<Extract<ToolRunResult, { ok: true }>> {
  const result = await runTool(ctx, name, params);
  if (!result.ok) throw new Error(`${name} failed: ${result.error}`);
  expect(result.output).not.toContain(SECRET_VALUE);
  expect(JSON.stringify(result.data ?? null)).not.toContain(SECRET_VALUE);
  return result;
}

async function podOf(app: string): Promise<string> {
  const list = await clients.core.listNamespacedPod({ namespace: NS, labelSelector: `app=${app}` });
  const name = list.items[0]?.metadata?.name;
  if (!name) throw new Error(`no pod for ${app}`);
  return name;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tools-sim-"));
  sim = createSimulator({ seed: 5, port: 0, kubeconfigPath: join(dir, "kubeconfig"), clock: { mode: "manual", start: new Date("2026-03-01T10:00:00Z") } });
  await sim.start();
  clients = createClusterClients(loadKubeConfig({ kubeconfigPath: sim.kubeconfigPath }));
  ctx = { clients, defaultNamespace: NS, now: () => sim.clock.now() };

  await clients.core.createNamespace({ body: { metadata: { name: NS } } });
  await clients.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: "web-config" }, data: { LOG_LEVEL: "info" } } });
  await clients.core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: "db-creds" }, stringData: { password: SECRET_VALUE } } });
  await clients.apps.createNamespacedDeployment({
    namespace: NS,
    body: deployment("web", {
      env: [
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db-creds", key: "password" } } },
        { name: "API_TOKEN", value: LITERAL_TOKEN },
        { name: "LOG_LEVEL", valueFrom: { configMapKeyRef: { name: "web-config", key: "LOG_LEVEL" } } },
      ],
    }),
  });
  await clients.apps.createNamespacedDeployment({ namespace: NS, body: deployment("badimage", { image: "nginx:1.99-typo" }, 1) });
  await clients.apps.createNamespacedDeployment({ namespace: NS, body: deployment("badcmd", { command: ["/app/server"] }, 1) });
  await clients.apps.createNamespacedDeployment({ namespace: NS, body: deployment("badkey", { env: [{ name: "FEATURE", valueFrom: { configMapKeyRef: { name: "web-config", key: "FEATURE_FLAGS" } } }] }, 1) });
  // The Service points at 8080; the web containers listen on 80.
  await clients.core.createNamespacedService({ namespace: NS, body: { metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 as never }] } } });
  await advance(90);

  // A rollout of web: revision 2 changes an env var.
  const web = await clients.apps.readNamespacedDeployment({ name: "web", namespace: NS });
  web.spec?.template.spec?.containers[0]?.env?.push({ name: "CACHE_TTL", value: "30" });
  await clients.apps.replaceNamespacedDeployment({ name: "web", namespace: NS, body: web });
  await advance(60);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("cluster tools against the simulator", () => {
  it("list_pods shows why each broken pod is not running", async () => {
    const r = await call("list_pods", {});
    expect(r.output).toMatch(/badimage-\S+ .*waiting=(ImagePullBackOff|ErrImagePull)/);
    expect(r.output).toMatch(/badkey-\S+ .*waiting=CreateContainerConfigError/);
    expect(r.output).toMatch(/badcmd-\S+ .*(waiting=CrashLoopBackOff|lastTermination=StartError\(exit 128\))/);
    expect(r.output).toMatch(/web-\S+ phase=Running ready=1\/1/);
  });

  it("list_pods says how many pods it left out", async () => {
    const r = await call("list_pods", { limit: 1 });
    expect(r.truncated).toBe(true);
    expect(r.output).toMatch(/… \d+ more pods not shown; narrow with labelSelector or onlyUnhealthy/);
  });

  it("describe_pod shows env by reference and never a secret value", async () => {
    const r = await call("describe_pod", { name: await podOf("web") });
    expect(r.output).toContain("env DB_PASSWORD from secret db-creds key password");
    expect(r.output).toContain("env API_TOKEN=[REDACTED]");
    expect(r.output).not.toContain(LITERAL_TOKEN);
    expect(r.redactions).toBeGreaterThanOrEqual(1);
    expect(r.output).toMatch(/events \(newest first\)/);
  });

  it("describe_pod of the bad image quotes the image and the pull failure event", async () => {
    const r = await call("describe_pod", { name: await podOf("badimage") });
    expect(r.output).toContain("image=nginx:1.99-typo");
    expect(r.output).toMatch(/Failed to pull image "nginx:1.99-typo"/);
  });

  it("describe_pod of a missing pod is an error the model can act on", async () => {
    expect(await runTool(ctx, "describe_pod", { name: "ghost" })).toMatchObject({ ok: false, error: expect.stringContaining('pod "ghost" not found in namespace shop') });
  });

  it("get_service_endpoints flags the targetPort no container exposes", async () => {
    const r = await call("get_service_endpoints", { name: "web" });
    expect(r.output).toContain("targetPort 8080 of port 80 is not a containerPort of any selected pod");
    expect(r.output).toMatch(/selected pods \(2\)/);
  });

  it("list_services and list_deployments summarise the namespace", async () => {
    expect((await call("list_services", {})).output).toContain("80->8080/TCP (targetPort not exposed by any selected container!)");
    const deployments = await call("list_deployments", {});
    expect(deployments.output).toMatch(/- badimage desired=1 ready=0 available=0/);
    expect(deployments.output).toMatch(/- web desired=2 ready=2 available=2 updated=2 revision=2/);
  });

  it("rollout_history and rollout_diff show revision 2 and what changed", async () => {
    const history = await call("rollout_history", { name: "web" });
    expect(history.output).toMatch(/revision 2 \(current\)/);
    expect(history.output).toMatch(/revision 1: replicaSet=web-/);
    const diff = await call("rollout_diff", { name: "web" });
    expect(diff.output).toContain("revision 1");
    expect(diff.output).toContain("- containers[app].env[CACHE_TTL]: <unset> -> CACHE_TTL=30");
    expect(await runTool(ctx, "rollout_diff", { name: "web", fromRevision: 7 })).toMatchObject({ ok: false, error: expect.stringMatching(/^fromRevision: revision 7 not found; available revisions: 1, 2/) });
  });

  it("list_events filters warnings about one object", async () => {
    const pod = await podOf("badkey");
    const r = await call("list_events", { involvedName: pod, warningsOnly: true });
    expect(r.output).toContain("couldn't find key FEATURE_FLAGS in ConfigMap shop/web-config");
    expect(r.output).not.toMatch(/ Normal /);
  });

  it("pod_logs reads the tail and greps it; previous on a never-crashed pod is an error", async () => {
    const pod = await podOf("web");
    const all = await call("pod_logs", { pod, tailLines: 20 });
    expect(all.output).toContain("nginx/1.25");
    const grepped = await call("pod_logs", { pod, grep: "worker process" });
    expect(grepped.output).toMatch(/\d+ matching \/worker process\/i/);
    expect(grepped.output).not.toContain("docker-entrypoint");
    expect(await runTool(ctx, "pod_logs", { pod, previous: true })).toMatchObject({ ok: false });
  });

  it("config_refs finds the missing key and lists secret references without values", async () => {
    const broken = await call("config_refs", { kind: "Deployment", name: "badkey" });
    expect(broken.output).toContain("container app env FEATURE -> configmap web-config key FEATURE_FLAGS [BROKEN: ConfigMap web-config has no key FEATURE_FLAGS (keys: LOG_LEVEL)]");
    const ok = await call("config_refs", { kind: "Deployment", name: "web" });
    expect(ok.output).toContain("container app env DB_PASSWORD -> secret db-creds key password [ok]");
    expect(ok.output).toContain("(0 broken)");
  });

  it("resource_quotas and network_policies answer on an empty namespace", async () => {
    await clients.core.createNamespacedResourceQuota({ namespace: NS, body: { metadata: { name: "compute" }, spec: { hard: { pods: "20" } } } });
    await advance(2);
    expect((await call("resource_quotas", {})).output).toMatch(/pods: used \d+ of 20/);
    expect((await call("network_policies", {})).output).toContain("NetworkPolicies in shop: 0 (all traffic allowed)");
  });

  it("collectClusterSnapshot + runAnalyzers name the broken objects and reasons, without secret values", async () => {
    const snapshot = await collectClusterSnapshot({ clients, namespace: NS, now: () => sim.clock.now() });
    expect(JSON.stringify(snapshot)).not.toContain(SECRET_VALUE);
    expect(snapshot.secrets.find((s) => s.name === "db-creds")).toEqual({ name: "db-creds", keys: ["password"], type: "Opaque" });
    const findings = runAnalyzers(snapshot, { now: sim.clock.now() });
    const ids = findings.map((f) => f.id);
    const badimage = await podOf("badimage");
    const badkey = await podOf("badkey");
    const badcmd = await podOf("badcmd");
    expect(ids).toContain(`image-pull:${NS}/${badimage}/app`);
    expect(findings.find((f) => f.id === `container-config:${NS}/${badkey}/app`)?.title).toBe(`${badkey}: container app cannot start: ConfigMap web-config has no key FEATURE_FLAGS`);
    const crash = findings.find((f) => f.object.name === badcmd && f.analyzer === "pod-state");
    expect(crash?.evidence.join("\n")).toMatch(/reason=StartError exitCode=128 .*exec: \\?"\/app\/server\\?": stat \/app\/server: no such file or directory/);
    expect(crash?.suggestedCategory).toEqual({ systemLevel: "Application", faultType: "Misconfiguration" });
    expect(ids).toContain(`service-target-port:${NS}/web/80`);
    expect(ids).toContain(`recent-rollout:${NS}/web/2`);
    expect(findings[0]?.severity).toBe("critical");
  });

  it("run_analyzers reports the same through the registry, bounded and redacted", async () => {
    const r = await call("run_analyzers", { minSeverity: "critical" });
    expect(r.output).toMatch(/Analyzer findings in shop: \d+ \(\d+ critical, 0 warning, 0 info\)/);
    expect(r.output).toContain("service-target-port:shop/web/80");
    expect(r.output).toContain("nginx:1.99-typo");
  });
});
