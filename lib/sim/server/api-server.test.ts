/**
 * The simulated API server driven by `@kubernetes/client-node` through the app's own
 * lib/cluster module, exactly as the app drives a real cluster. Controllers are off so every
 * change in the store comes from the test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Log, Watch, type V1Deployment } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorStatus, createClusterClients, isApiError, loadKubeConfig, patchOptions, PatchStrategy, type ClusterClients } from "../../cluster";
import { badRequest } from "../errors";
import { createSimulator, type Simulator } from "../simulator";
import type { PodLogOptions } from "../types";

const NS = "default";

/** Logs a fake kubelet would keep: one line per second of a 10-line history. */
const fakeLogs = {
  read(namespace: string, pod: string, options: PodLogOptions): string {
    if (options.previous) throw badRequest(`previous terminated container "${options.container}" in pod "${pod}" not found`);
    const lines = Array.from({ length: 10 }, (_, i) => `${namespace}/${pod}/${options.container} line ${i + 1}`);
    const kept = options.tailLines !== undefined ? lines.slice(-options.tailLines) : lines;
    return kept.map((l) => `${l}\n`).join("");
  },
};

function deploymentBody(name: string, replicas = 2): V1Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "app:1", env: [{ name: "MODE", value: "a" }] }] } },
    },
  };
}

let sim: Simulator;
let dir: string;
let k8s: ClusterClients;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sim-api-"));
  sim = createSimulator({ seed: 3, controllers: false, kubeconfigPath: join(dir, "kubeconfig"), podLogs: fakeLogs, clock: { mode: "manual", start: new Date("2026-03-01T10:00:00Z") } });
  await sim.start();
  k8s = createClusterClients(loadKubeConfig({ kubeconfigPath: sim.kubeconfigPath }));
});

afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("simulated API server with client-node", () => {
  it("creates, reads, replaces and deletes a ConfigMap", async () => {
    const created = await k8s.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: "settings" }, data: { a: "1" } } });
    expect(created.metadata?.uid).toBeTruthy();
    const read = await k8s.core.readNamespacedConfigMap({ name: "settings", namespace: NS });
    read.data = { a: "2" };
    const replaced = await k8s.core.replaceNamespacedConfigMap({ name: "settings", namespace: NS, body: read });
    expect(replaced.data).toEqual({ a: "2" });
    await k8s.core.deleteNamespacedConfigMap({ name: "settings", namespace: NS });
    await expect(k8s.core.readNamespacedConfigMap({ name: "settings", namespace: NS })).rejects.toSatisfy((e) => isApiError(e, 404));
  });

  it("allocates a ClusterIP and defaults Service ports", async () => {
    const svc = await k8s.core.createNamespacedService({ namespace: NS, body: { metadata: { name: "api" }, spec: { selector: { app: "api" }, ports: [{ port: 80 }] } } });
    expect(svc.spec?.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|110|111)\./);
    expect(svc.spec?.ports?.[0]).toMatchObject({ port: 80, protocol: "TCP", targetPort: 80 });
    expect(svc.spec?.type).toBe("ClusterIP");
  });

  it("reports 404, 409 AlreadyExists, 409 Conflict and 422 with causes as Status objects", async () => {
    await expect(k8s.apps.readNamespacedDeployment({ name: "nope", namespace: NS })).rejects.toSatisfy(
      (e) => apiErrorStatus(e)?.message === 'deployments.apps "nope" not found' && apiErrorStatus(e)?.reason === "NotFound",
    );
    const created = await k8s.apps.createNamespacedDeployment({ namespace: NS, body: deploymentBody("conflicts") });
    await expect(k8s.apps.createNamespacedDeployment({ namespace: NS, body: deploymentBody("conflicts") })).rejects.toSatisfy((e) => apiErrorStatus(e)?.reason === "AlreadyExists");

    await k8s.apps.patchNamespacedDeployment({ name: "conflicts", namespace: NS, body: { spec: { replicas: 5 } } }, patchOptions(PatchStrategy.MergePatch));
    const stale = { ...created, spec: { ...created.spec!, replicas: 1 } };
    await expect(k8s.apps.replaceNamespacedDeployment({ name: "conflicts", namespace: NS, body: stale })).rejects.toSatisfy(
      (e) =>
        isApiError(e, 409) &&
        apiErrorStatus(e)?.message === 'Operation cannot be fulfilled on deployments.apps "conflicts": the object has been modified; please apply your changes to the latest version and try again',
    );

    const bad = deploymentBody("Bad_Name");
    bad.spec!.template.spec!.containers[0]!.image = "";
    const error = await k8s.apps.createNamespacedDeployment({ namespace: NS, body: bad }).catch((e: unknown) => e);
    expect(apiErrorStatus(error)).toMatchObject({ code: 422, reason: "Invalid" });
    expect(apiErrorStatus(error)?.causes?.map((c) => c.field)).toEqual(["metadata.name", "spec.template.spec.containers[0].image"]);
  });

  it("stores nothing on dryRun=All but returns the defaulted object", async () => {
    const result = await k8s.apps.createNamespacedDeployment({ namespace: NS, body: deploymentBody("dry"), dryRun: "All" });
    expect(result.spec?.strategy?.type).toBe("RollingUpdate");
    await expect(k8s.apps.readNamespacedDeployment({ name: "dry", namespace: NS })).rejects.toSatisfy((e) => isApiError(e, 404));
    await k8s.apps.createNamespacedDeployment({ namespace: NS, body: deploymentBody("dry-patch") });
    await k8s.apps.patchNamespacedDeployment({ name: "dry-patch", namespace: NS, body: { spec: { replicas: 9 } }, dryRun: "All" }, patchOptions(PatchStrategy.MergePatch));
    expect((await k8s.apps.readNamespacedDeployment({ name: "dry-patch", namespace: NS })).spec?.replicas).toBe(2);
  });

  it("applies strategic merge, merge, JSON and server-side apply patches", async () => {
    await k8s.apps.createNamespacedDeployment({ namespace: NS, body: deploymentBody("patched") });
    const strategic = await k8s.apps.patchNamespacedDeployment(
      { name: "patched", namespace: NS, body: { spec: { template: { spec: { containers: [{ name: "app", image: "app:2", env: [{ name: "EXTRA", value: "b" }] }] } } } } },
      patchOptions(PatchStrategy.StrategicMergePatch),
    );
    const container = strategic.spec?.template.spec?.containers[0];
    expect(container?.image).toBe("app:2");
    expect(container?.env?.map((e) => e.name)).toEqual(["MODE", "EXTRA"]);
    expect(strategic.metadata?.generation).toBe(2);

    const merged = await k8s.apps.patchNamespacedDeployment({ name: "patched", namespace: NS, body: { metadata: { labels: { team: "x" } } } }, patchOptions(PatchStrategy.MergePatch));
    expect(merged.metadata?.labels).toEqual({ app: "patched", team: "x" });
    expect(merged.metadata?.generation).toBe(2);

    const json = await k8s.apps.patchNamespacedDeployment(
      { name: "patched", namespace: NS, body: [{ op: "test", path: "/spec/replicas", value: 2 }, { op: "replace", path: "/spec/replicas", value: 4 }] },
      patchOptions(PatchStrategy.JsonPatch),
    );
    expect(json.spec?.replicas).toBe(4);
    await expect(
      k8s.apps.patchNamespacedDeployment({ name: "patched", namespace: NS, body: [{ op: "test", path: "/spec/replicas", value: 99 }] }, patchOptions(PatchStrategy.JsonPatch)),
    ).rejects.toSatisfy((e) => isApiError(e, 422));

    const applied = await k8s.apps.patchNamespacedDeployment(
      { name: "patched", namespace: NS, body: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "patched" }, spec: { replicas: 1 } }, fieldManager: "test" },
      patchOptions(PatchStrategy.ServerSideApply),
    );
    expect(applied.spec?.replicas).toBe(1);
  });

  it("refuses strategic merge on custom resources (415) and serves them with merge patch", async () => {
    const body = {
      apiVersion: "chaos-mesh.org/v1alpha1",
      kind: "NetworkChaos",
      metadata: { name: "slow-db" },
      spec: { action: "delay", mode: "all", selector: { labelSelectors: { app: "db" } }, delay: { latency: "200ms" } },
    };
    await k8s.customObjects.createNamespacedCustomObject({ group: "chaos-mesh.org", version: "v1alpha1", namespace: NS, plural: "networkchaos", body });
    const params = { group: "chaos-mesh.org", version: "v1alpha1", namespace: NS, plural: "networkchaos", name: "slow-db" };
    await expect(k8s.customObjects.patchNamespacedCustomObject({ ...params, body: { spec: { mode: "one" } } }, patchOptions(PatchStrategy.StrategicMergePatch))).rejects.toSatisfy((e) => isApiError(e, 415));
    const patched = (await k8s.customObjects.patchNamespacedCustomObject({ ...params, body: { spec: { mode: "one" } } }, patchOptions(PatchStrategy.MergePatch))) as { spec: { mode: string } };
    expect(patched.spec.mode).toBe("one");
    const invalid = { ...body, metadata: { name: "broken" }, spec: { action: "teleport", mode: "all", selector: {} } };
    await expect(k8s.customObjects.createNamespacedCustomObject({ group: "chaos-mesh.org", version: "v1alpha1", namespace: NS, plural: "networkchaos", body: invalid })).rejects.toSatisfy(
      (e) => apiErrorStatus(e)?.causes?.[0]?.field === "spec.action",
    );
  });

  it("filters lists by label and field selectors and pages with limit/continue", async () => {
    for (const [name, tier, phase] of [["p1", "web", "Running"], ["p2", "web", "Pending"], ["p3", "db", "Running"]] as const) {
      sim.store.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: NS, labels: { tier } }, spec: { containers: [{ name: "c", image: "i" }] } });
      const pod = sim.store.get("pods", NS, name)!;
      sim.store.updateStatus("pods", { ...pod, status: { phase } });
    }
    const web = await k8s.core.listNamespacedPod({ namespace: NS, labelSelector: "tier in (web)" });
    expect(web.items.map((p) => p.metadata?.name)).toEqual(["p1", "p2"]);
    const running = await k8s.core.listPodForAllNamespaces({ fieldSelector: "status.phase=Running", labelSelector: "tier" });
    expect(running.items.map((p) => p.metadata?.name)).toEqual(["p1", "p3"]);
    const first = await k8s.core.listNamespacedPod({ namespace: NS, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.metadata?._continue).toBeTruthy();
    const rest = await k8s.core.listNamespacedPod({ namespace: NS, limit: 2, _continue: first.metadata!._continue! });
    expect(rest.items.map((p) => p.metadata?.name)).toEqual(["p3"]);
    expect(rest.metadata?._continue).toBeFalsy();
    await expect(k8s.core.listNamespacedPod({ namespace: NS, fieldSelector: "spec.replicas=1" })).rejects.toSatisfy((e) => isApiError(e, 400));
  });

  it("reads and writes the scale subresource", async () => {
    await k8s.apps.createNamespacedDeployment({ namespace: NS, body: deploymentBody("scaled", 2) });
    const scale = await k8s.apps.readNamespacedDeploymentScale({ name: "scaled", namespace: NS });
    expect(scale.spec?.replicas).toBe(2);
    expect(scale.status?.selector).toBe("app=scaled");
    await k8s.apps.patchNamespacedDeploymentScale({ name: "scaled", namespace: NS, body: { spec: { replicas: 5 } } }, patchOptions(PatchStrategy.MergePatch));
    const current = await k8s.apps.readNamespacedDeploymentScale({ name: "scaled", namespace: NS });
    const replaced = await k8s.apps.replaceNamespacedDeploymentScale({ name: "scaled", namespace: NS, body: { ...current, spec: { replicas: 0 } } });
    expect(replaced.spec?.replicas).toBe(0);
    expect((await k8s.apps.readNamespacedDeployment({ name: "scaled", namespace: NS })).spec?.replicas).toBe(0);
  });

  it("changes only status through the status subresource", async () => {
    const created = await k8s.apps.createNamespacedDeployment({ namespace: NS, body: { ...deploymentBody("with-status"), status: { replicas: 99 } } });
    expect(created.status?.replicas).toBeUndefined();
    const updated = await k8s.apps.replaceNamespacedDeploymentStatus({ name: "with-status", namespace: NS, body: { ...created, spec: { ...created.spec!, replicas: 7 }, status: { readyReplicas: 1 } } });
    expect(updated.status?.readyReplicas).toBe(1);
    expect(updated.spec?.replicas).toBe(2);
  });

  it("cascades deletion to dependents by ownerReferences", async () => {
    const owner = await k8s.apps.createNamespacedDeployment({ namespace: NS, body: deploymentBody("owner") });
    await k8s.apps.createNamespacedReplicaSet({
      namespace: NS,
      body: {
        metadata: { name: "owner-1", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "owner", uid: owner.metadata!.uid!, controller: true }] },
        spec: { selector: { matchLabels: { app: "owner" } }, template: { metadata: { labels: { app: "owner" } }, spec: { containers: [{ name: "app", image: "app:1" }] } } },
      },
    });
    await k8s.apps.deleteNamespacedDeployment({ name: "owner", namespace: NS, propagationPolicy: "Background" });
    await expect(k8s.apps.readNamespacedReplicaSet({ name: "owner-1", namespace: NS })).rejects.toSatisfy((e) => isApiError(e, 404));
  });

  it("streams watch events in order and resumes from a resourceVersion", async () => {
    const list = await k8s.apps.listNamespacedDeployment({ namespace: NS });
    const startRv = list.metadata!.resourceVersion!;
    const events: string[] = [];
    const watch = new Watch(k8s.kubeConfig);
    let aborted!: AbortController;
    const done = new Promise<void>((resolve) => {
      void watch
        .watch(
          `/apis/apps/v1/namespaces/${NS}/deployments`,
          { resourceVersion: startRv, labelSelector: "app=watched" },
          (type, object: V1Deployment) => {
            events.push(`${type} ${object.metadata?.name} ${object.spec?.replicas}`);
            if (type === "DELETED") resolve();
          },
          () => resolve(),
        )
        .then((controller) => (aborted = controller));
    });
    await k8s.apps.createNamespacedDeployment({ namespace: NS, body: deploymentBody("watched", 1) });
    await k8s.apps.patchNamespacedDeployment({ name: "watched", namespace: NS, body: { spec: { replicas: 3 } } }, patchOptions(PatchStrategy.MergePatch));
    await k8s.apps.deleteNamespacedDeployment({ name: "watched", namespace: NS });
    await done;
    aborted.abort();
    expect(events).toEqual(["ADDED watched 1", "MODIFIED watched 3", "DELETED watched 3"]);

    // Resuming from the same resourceVersion replays the same history.
    const replay: string[] = [];
    await new Promise<void>((resolve) => {
      void watch
        .watch(`/apis/apps/v1/namespaces/${NS}/deployments`, { resourceVersion: startRv, fieldSelector: "metadata.name=watched" }, (type) => {
          replay.push(type);
          if (replay.length === 3) resolve();
        }, () => resolve())
        .then((controller) => (aborted = controller));
    });
    aborted.abort();
    expect(replay).toEqual(["ADDED", "MODIFIED", "DELETED"]);
  });

  it("serves pod logs with tailLines and reports a bad container", async () => {
    sim.store.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "logger", namespace: NS }, spec: { containers: [{ name: "main", image: "i" }] } });
    const text = await k8s.core.readNamespacedPodLog({ name: "logger", namespace: NS, tailLines: 2 });
    expect(text).toBe("default/logger/main line 9\ndefault/logger/main line 10\n");
    await expect(k8s.core.readNamespacedPodLog({ name: "logger", namespace: NS, container: "nope" })).rejects.toSatisfy((e) => isApiError(e, 400));
    await expect(k8s.core.readNamespacedPodLog({ name: "logger", namespace: NS, previous: true })).rejects.toSatisfy((e) => isApiError(e, 400));

    const stream = new PassThrough();
    let received = "";
    stream.on("data", (chunk: Buffer) => (received += chunk.toString()));
    const controller = await new Log(k8s.kubeConfig).log(NS, "logger", "main", stream, { follow: true, tailLines: 1 });
    await expect.poll(() => received).toBe("default/logger/main line 10\n");
    controller.abort();
  });

  it("answers discovery, aggregated discovery and server-side tables", async () => {
    const base = sim.url;
    const aggregated = await fetch(`${base}/apis`, { headers: { Accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" } });
    expect(aggregated.headers.get("content-type")).toBe("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    const groups = (await aggregated.json()) as { items: { metadata: { name: string } }[] };
    expect(groups.items.map((g) => g.metadata.name)).toContain("chaos-mesh.org");
    const legacy = (await (await fetch(`${base}/api/v1`)).json()) as { resources: { name: string; shortNames?: string[] }[] };
    expect(legacy.resources.find((r) => r.name === "pods")?.shortNames).toEqual(["po"]);
    const table = (await (await fetch(`${base}/api/v1/nodes`, { headers: { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" } })).json()) as {
      kind: string;
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[] }[];
    };
    expect(table.kind).toBe("Table");
    expect(table.columnDefinitions.slice(0, 5).map((c) => c.name)).toEqual(["Name", "Status", "Roles", "Age", "Version"]);
    expect(table.rows[0]?.cells.slice(0, 2)).toEqual(["sim-node-1", "Ready"]);
    expect(await (await fetch(`${base}/version`)).json()).toMatchObject({ major: "1", minor: "32" });
  });
});
