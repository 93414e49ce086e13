/**
 * `npm run bench:sim-api`: throughput, latency and memory of the simulated API server with
 * 50 Deployments / 500 Pods, measured through `@kubernetes/client-node` as the app uses it.
 *
 *   npx tsx scripts/bench-sim-api.ts [--requests 1000] [--controllers]
 *   node --expose-gc --import tsx scripts/bench-sim-api.ts   (heap after GC)
 *
 * Targets: list of 500 pods p99 < 20 ms; memory of the populated cluster < 200 MB.
 * The cluster runs in a child process, as it does beside the app, so its memory is measured
 * alone and client and server do not share an event loop or a heap. Without --controllers the
 * 500 pods are written straight into the store (Running, with realistic status), so the numbers
 * measure the API server alone.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, get } from "node:http";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createSimulator, type Simulator } from "../lib/sim/simulator";

const DEPLOYMENTS = 50;
const PODS_PER_DEPLOYMENT = 10;
const NAMESPACE = "bench";
const WARMUP_REQUESTS = 100;
/** Targets from the issue. */
const LIST_P99_TARGET_MS = 20;
const MEMORY_TARGET_MB = 200;

interface Measurement {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(name: string, requests: number, call: (i: number) => Promise<unknown>): Promise<Measurement> {
  for (let i = 0; i < WARMUP_REQUESTS; i++) await call(i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    await call(WARMUP_REQUESTS + i);
    samples.push(performance.now() - t0);
  }
  const elapsed = performance.now() - start;
  samples.sort((a, b) => a - b);
  return { name, requests, perSecond: (requests / elapsed) * 1000, p50: percentile(samples, 50), p99: percentile(samples, 99), max: samples[samples.length - 1] ?? 0 };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}

/** 50 Deployments, each with a ReplicaSet and 10 Running pods, as the controllers would leave them. */
function populate(sim: Simulator): void {
  const { store } = sim;
  const now = sim.clock.nowRfc3339();
  store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  for (let d = 0; d < DEPLOYMENTS; d++) {
    const app = `svc-${String(d).padStart(2, "0")}`;
    const labels = { app, "app.kubernetes.io/part-of": "shop" };
    const container = {
      name: app,
      image: `registry.example/shop/${app}:1.4.2`,
      ports: [{ containerPort: 8080, name: "http" }],
      env: [{ name: "LOG_LEVEL", value: "info" }, { name: "DB_HOST", value: "postgres.bench.svc" }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
      readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
    };
    const deployment = store.create("deployments.apps", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: app, namespace: NAMESPACE, labels },
      spec: { replicas: PODS_PER_DEPLOYMENT, selector: { matchLabels: { app } }, template: { metadata: { labels }, spec: { containers: [container] } } },
    });
    const hash = `${7000 + d}abcd`;
    const rs = store.create("replicasets.apps", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${app}-${hash}`,
        namespace: NAMESPACE,
        labels: { ...labels, "pod-template-hash": hash },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: app, uid: deployment.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: PODS_PER_DEPLOYMENT, selector: { matchLabels: { app, "pod-template-hash": hash } }, template: { metadata: { labels: { ...labels, "pod-template-hash": hash } }, spec: { containers: [container] } } },
    });
    for (let p = 0; p < PODS_PER_DEPLOYMENT; p++) {
      const node = `sim-node-${(p % 3) + 1}`;
      const pod = store.create("pods", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: `${rs.metadata.name}-${String(p).padStart(5, "x")}`,
          namespace: NAMESPACE,
          labels: { ...labels, "pod-template-hash": hash },
          ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }],
        },
        spec: { nodeName: node, containers: [container] },
      });
      store.updateStatus("pods", {
        ...pod,
        status: {
          phase: "Running",
          qosClass: "Burstable",
          hostIP: "10.0.0.11",
          podIP: `10.244.${d}.${p + 2}`,
          podIPs: [{ ip: `10.244.${d}.${p + 2}` }],
          startTime: now,
          conditions: ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map((type) => ({ type, status: "True", lastProbeTime: null, lastTransitionTime: now })),
          containerStatuses: [
            {
              name: app,
              ready: true,
              started: true,
              restartCount: 0,
              image: container.image,
              imageID: `registry.example/shop/${app}@sha256:${"ab".repeat(32)}`,
              containerID: `containerd://${"cd".repeat(32)}`,
              state: { running: { startedAt: now } },
              lastState: {},
            },
          ],
        },
      });
    }
  }
}

/** GET with Node's http client (lighter than fetch), reading the whole body: the server's share of a list. */
function fetchBytes(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      let size = 0;
      response.on("data", (chunk: Buffer) => (size += chunk.length));
      response.on("end", () => (response.statusCode === 200 ? resolve(size) : reject(new Error(`HTTP ${response.statusCode}`))));
      response.on("error", reject);
    }).on("error", reject);
  });
}

/** Messages between the benchmark (parent) and the cluster process (child). */
type ClusterMessage =
  | { type: "ready"; url: string; kubeconfigPath: string; pods: number; heapBeforeMb: number; memory: NodeJS.MemoryUsage; gc: boolean }
  | { type: "memory"; memory: NodeJS.MemoryUsage; serverListMs: number[] };

/** Child process: build and serve the populated cluster, report memory on request. */
async function runCluster(controllers: boolean, dir: string): Promise<void> {
  const gc = collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const sim = createSimulator({ seed: 1, controllers, kubeconfigPath: join(dir, "kubeconfig") });
  await sim.start();
  if (controllers) {
    sim.store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
    for (let d = 0; d < DEPLOYMENTS; d++) {
      const app = `svc-${String(d).padStart(2, "0")}`;
      sim.store.create("deployments.apps", {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: app, namespace: NAMESPACE },
        spec: { replicas: PODS_PER_DEPLOYMENT, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: app, image: `shop/${app}:1` }] } } },
      });
    }
    // Let the controllers create, schedule and start the pods.
    for (let i = 0; i < 150 && sim.store.list("pods", NAMESPACE, { fieldSelector: "status.phase=Running" }).items.length < DEPLOYMENTS * PODS_PER_DEPLOYMENT; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } else {
    populate(sim);
  }
  // Server-side time of each pod list (request received to response flushed), without the client.
  const serverListMs: number[] = [];
  sim.httpServer?.prependListener("request", (req, res) => {
    if (req.method !== "GET" || req.url !== `/api/v1/namespaces/${NAMESPACE}/pods`) return;
    const start = performance.now();
    res.on("finish", () => serverListMs.push(performance.now() - start));
  });
  collectGarbage();
  const send = (message: ClusterMessage) => process.send?.(message);
  send({ type: "ready", url: sim.url, kubeconfigPath: sim.kubeconfigPath, pods: sim.store.list("pods", NAMESPACE).items.length, heapBeforeMb: heapBefore / 1024 / 1024, memory: process.memoryUsage(), gc });
  process.on("message", (message: { type: string }) => {
    if (message.type === "memory") {
      collectGarbage();
      send({ type: "memory", memory: process.memoryUsage(), serverListMs });
    } else if (message.type === "stop") {
      void sim.stop().then(() => process.exit(0));
    }
  });
}

function nextMessage<T extends ClusterMessage["type"]>(child: ChildProcess, type: T): Promise<Extract<ClusterMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ClusterMessage) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as Extract<ClusterMessage, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`cluster process exited (${code}) before "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { requests: { type: "string", default: "1000" }, controllers: { type: "boolean", default: false }, "cluster-process": { type: "string" } },
  });
  if (values["cluster-process"]) return runCluster(values.controllers, values["cluster-process"]);

  const requests = Number(values.requests);
  if (!Number.isInteger(requests) || requests < 1) throw new Error(`--requests must be a positive integer, got ${values.requests}`);
  const dir = mkdtempSync(join(tmpdir(), "bench-sim-api-"));
  const child = fork(fileURLToPath(import.meta.url), ["--cluster-process", dir, ...(values.controllers ? ["--controllers"] : [])], {
    execArgv: ["--expose-gc", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const ready = await nextMessage(child, "ready");
    const podCount = ready.pods;
    // client-node directly (lib/cluster is `server-only`, which plain Node refuses to import),
    // and only here: loading it costs ~150 MB, which must not count against the cluster process.
    const { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } = await import("@kubernetes/client-node");
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(ready.kubeconfigPath);
    const k8s = { core: kubeConfig.makeApiClient(CoreV1Api), apps: kubeConfig.makeApiClient(AppsV1Api) };
    const strategicMerge = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);

    const results: Measurement[] = [];
    results.push(
      await measure(`list pods (${podCount}), client-node`, requests, async () => {
        const list = await k8s.core.listNamespacedPod({ namespace: NAMESPACE });
        if (list.items.length !== podCount) throw new Error(`expected ${podCount} pods, got ${list.items.length}`);
      }),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    results.push(
      await measure(`list pods (${podCount}), raw HTTP`, requests, () => fetchBytes(`${ready.url}/api/v1/namespaces/${NAMESPACE}/pods`, agent)),
    );
    results.push(await measure("get deployment", requests, (i) => k8s.apps.readNamespacedDeployment({ name: `svc-${String(i % DEPLOYMENTS).padStart(2, "0")}`, namespace: NAMESPACE })));
    // With controllers on, a template change would start 1,000 rollouts: patch metadata then.
    results.push(
      await measure("patch deployment (strategic)", requests, (i) => {
        const name = `svc-${String(i % DEPLOYMENTS).padStart(2, "0")}`;
        const body = values.controllers
          ? { metadata: { annotations: { "bench/counter": String(i) } } }
          : { spec: { template: { spec: { containers: [{ name, env: [{ name: "BENCH_COUNTER", value: String(i) }] }] } } } };
        return k8s.apps.patchNamespacedDeployment({ name, namespace: NAMESPACE, body }, strategicMerge);
      }),
    );

    child.send({ type: "memory" });
    const report = await nextMessage(child, "memory");
    const after = report.memory;
    // Pod lists through client-node plus raw HTTP; the warm-up requests come first.
    const serverSide = report.serverListMs.slice(-requests).sort((a, b) => a - b);
    const listP99 = results[0]?.p99 ?? Infinity;
    const rawP99 = results[1]?.p99 ?? Infinity;
    const clusterHeapMb = ready.memory.heapUsed / 1024 / 1024 - ready.heapBeforeMb;

    console.log(`\nSimulated API server benchmark: ${DEPLOYMENTS} deployments, ${podCount} pods, ${requests} sequential requests per operation after ${WARMUP_REQUESTS} warm-up (controllers ${values.controllers ? "on" : "off"})\n`);
    console.log("operation                              req/s      p50 ms    p99 ms    max ms");
    for (const r of results) {
      console.log(`${r.name.padEnd(36)} ${r.perSecond.toFixed(0).padStart(7)} ${r.p50.toFixed(2).padStart(10)} ${r.p99.toFixed(2).padStart(9)} ${r.max.toFixed(2).padStart(9)}`);
    }
    const serverP99 = percentile(serverSide, 99);
    console.log(`${"  server side of the raw list".padEnd(36)} ${"".padStart(7)} ${percentile(serverSide, 50).toFixed(2).padStart(10)} ${serverP99.toFixed(2).padStart(9)} ${(serverSide[serverSide.length - 1] ?? 0).toFixed(2).padStart(9)}`);
    console.log(`\ncluster process memory${ready.gc ? " (after GC)" : ""}`);
    console.log(`  heap held by the 50 deployments / ${podCount} pods   ${clusterHeapMb.toFixed(1)} MB`);
    console.log(`  heapUsed / rss when populated              ${mb(ready.memory.heapUsed)} MB / ${mb(ready.memory.rss)} MB`);
    console.log(`  heapUsed / rss after the benchmark         ${mb(after.heapUsed)} MB / ${mb(after.rss)} MB`);
    console.log("\ntargets");
    console.log(
      `  list ${podCount} pods p99 < ${LIST_P99_TARGET_MS} ms over HTTP: ${rawP99.toFixed(2)} ms raw HTTP (${serverP99.toFixed(2)} ms of it in the server) ${rawP99 < LIST_P99_TARGET_MS ? "MET" : "NOT MET"}`,
    );
    console.log(`  same list through client-node (typed deserialisation of 500 V1Pods included): p99 ${listP99.toFixed(2)} ms ${listP99 < LIST_P99_TARGET_MS ? "MET" : "NOT MET"}`);
    const rssMb = after.rss / 1024 / 1024;
    console.log(`  cluster memory < ${MEMORY_TARGET_MB} MB (rss of the cluster process): ${rssMb.toFixed(1)} MB ${rssMb < MEMORY_TARGET_MB ? "MET" : "NOT MET"}`);
  } finally {
    child.send({ type: "stop" });
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error("bench-sim-api failed:", error);
  process.exit(1);
});
