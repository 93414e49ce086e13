/**
 * The real kubectl against the simulated cluster: the commands an SRE types during an incident.
 * Controllers are off (the store is arranged by the test), so results are exact. Skipped, with a
 * message, on machines without kubectl.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { badRequest } from "../errors";
import { createSimulator, type Simulator } from "../simulator";
import type { K8sObject, PodLogOptions } from "../types";

function findKubectl(): string | undefined {
  try {
    return execFileSync("which", ["kubectl"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const KUBECTL = findKubectl();
if (!KUBECTL) console.warn("[kubectl.test] kubectl not found on PATH: the kubectl suite is skipped");

const fakeLogs = {
  read(_namespace: string, pod: string, options: PodLogOptions): string {
    if (options.previous) throw badRequest(`previous terminated container "${options.container}" in pod "${pod}" not found`);
    const lines = ["starting", "listening on :8080", `ERROR connection refused: ${pod}`];
    return (options.tailLines !== undefined ? lines.slice(-options.tailLines) : lines).map((l) => `${l}\n`).join("");
  },
};

let sim: Simulator;
let dir: string;

/** Runs kubectl against the simulator; resolves with stdout, rejects with stderr. */
function kubectl(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      KUBECTL as string,
      ["--kubeconfig", sim.kubeconfigPath, "--cache-dir", join(dir, "cache"), "--request-timeout=10s", ...args],
      { timeout: 20_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`kubectl ${args.join(" ")} failed: ${stderr || error.message}`)) : resolve(stdout)),
    );
  });
}

function deployment(name: string): K8sObject {
  return sim.store.create("deployments.apps", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "shop/app:1.0", env: [{ name: "MODE", value: "a" }] }] } },
    },
  });
}

/** A running pod as the kubelet model would report it. */
function runningPod(name: string, labels: Record<string, string>, nodeName = "sim-node-1"): void {
  sim.store.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels }, spec: { nodeName, containers: [{ name: "app", image: "shop/app:1.0" }] } });
  const pod = sim.store.get("pods", "default", name)!;
  sim.store.updateStatus("pods", {
    ...pod,
    status: {
      phase: "Running",
      podIP: "10.244.0.7",
      hostIP: "10.0.0.11",
      startTime: "2026-03-01T10:00:00Z",
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [{ name: "app", ready: true, restartCount: 3, image: "shop/app:1.0", imageID: "", started: true, state: { running: { startedAt: "2026-03-01T10:00:00Z" } } }],
    },
  });
}

function spec(object: K8sObject | undefined): Record<string, unknown> {
  return (object?.spec ?? {}) as Record<string, unknown>;
}

describe.skipIf(!KUBECTL)("kubectl against the simulated cluster", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sim-kubectl-"));
    sim = createSimulator({ seed: 5, controllers: false, kubeconfigPath: join(dir, "kubeconfig"), podLogs: fakeLogs });
    await sim.start();
    deployment("cart");
    runningPod("cart-abc12", { app: "cart" });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("get prints server-side tables, -o wide, and yaml/json", async () => {
    const pods = await kubectl("get", "pods");
    expect(pods).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    expect(pods).toMatch(/cart-abc12\s+1\/1\s+Running\s+3\s+/);
    expect(await kubectl("get", "deploy")).toMatch(/cart\s+0\/2\s+0\s+0\s+/);
    expect(await kubectl("get", "nodes", "-o", "wide")).toMatch(/sim-node-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.4\s+10\.0\.0\.11/);
    expect(await kubectl("get", "pods", "-A", "--show-labels")).toMatch(/default\s+cart-abc12.*app=cart/);
    expect(await kubectl("get", "deploy", "cart", "-o", "yaml")).toContain("image: shop/app:1.0");
    expect(JSON.parse(await kubectl("get", "svc", "kubernetes", "-o", "json")).spec.clusterIP).toBe("10.96.0.1");
    await expect(kubectl("get", "deploy", "missing")).rejects.toThrow(/NotFound.*deployments.apps "missing" not found/);
  });

  it("describe shows a deployment, a pod and a node", async () => {
    expect(await kubectl("describe", "deployment", "cart")).toMatch(/Replicas:\s+2 desired/);
    const pod = await kubectl("describe", "pod", "cart-abc12");
    expect(pod).toMatch(/Node:\s+sim-node-1\/10\.0\.0\.11/);
    expect(pod).toMatch(/Restart Count:\s+3/);
    const node = await kubectl("describe", "node", "sim-node-1");
    expect(node).toMatch(/cart-abc12/);
    expect(node).toMatch(/HolderIdentity:\s+sim-node-1/);
  });

  it("logs reads the container log, with --tail", async () => {
    expect(await kubectl("logs", "cart-abc12", "--tail=1")).toBe("ERROR connection refused: cart-abc12\n");
    await expect(kubectl("logs", "cart-abc12", "--previous")).rejects.toThrow(/previous terminated container/);
  });

  it("scale, set image and set env change the deployment", async () => {
    await kubectl("scale", "deployment/cart", "--replicas=4");
    await kubectl("set", "image", "deployment/cart", "app=shop/app:1.1");
    await kubectl("set", "env", "deployment/cart", "MODE=b", "EXTRA=1");
    const cart = sim.store.get("deployments.apps", "default", "cart");
    const container = (spec(cart).template as { spec: { containers: { image: string; env: unknown[] }[] } }).spec.containers[0];
    expect(spec(cart).replicas).toBe(4);
    expect(container?.image).toBe("shop/app:1.1");
    expect(container?.env).toEqual([{ name: "MODE", value: "b" }, { name: "EXTRA", value: "1" }]);
  });

  it("patch with --type strategic, merge and json", async () => {
    deployment("patchme");
    await kubectl("patch", "deployment", "patchme", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"app","resources":{"limits":{"memory":"64Mi"}}}]}}}}');
    await kubectl("patch", "deployment", "patchme", "--type", "merge", "-p", '{"metadata":{"labels":{"team":"payments"}}}');
    await kubectl("patch", "deployment", "patchme", "--type", "json", "-p", '[{"op":"replace","path":"/spec/replicas","value":1}]');
    const patched = sim.store.get("deployments.apps", "default", "patchme");
    expect(JSON.stringify(spec(patched).template)).toContain('"limits":{"memory":"64Mi"}');
    expect(patched?.metadata.labels?.team).toBe("payments");
    expect(spec(patched).replicas).toBe(1);
    await expect(kubectl("patch", "deployment", "patchme", "--type", "json", "-p", '[{"op":"test","path":"/spec/replicas","value":7}]')).rejects.toThrow(/test operation failed/);
  });

  it("apply -f creates and then updates from a YAML file", async () => {
    const file = join(dir, "web.yaml");
    const manifest = (image: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`;
    writeFileSync(file, manifest("web:1", 2));
    expect(await kubectl("apply", "-f", file)).toBe("deployment.apps/web created\nservice/web created\n");
    writeFileSync(file, manifest("web:2", 3));
    expect(await kubectl("apply", "-f", file)).toBe("deployment.apps/web configured\nservice/web unchanged\n");
    const web = sim.store.get("deployments.apps", "default", "web");
    expect(spec(web).replicas).toBe(3);
    expect(JSON.stringify(spec(web).template)).toContain('"image":"web:2"');
    expect(web?.metadata.generation).toBe(2);
  });

  it("cordon and uncordon a node", async () => {
    await kubectl("cordon", "sim-node-2");
    expect(spec(sim.store.get("nodes", null, "sim-node-2")).unschedulable).toBe(true);
    expect(await kubectl("get", "node", "sim-node-2")).toMatch(/Ready,SchedulingDisabled/);
    await kubectl("uncordon", "sim-node-2");
    expect(spec(sim.store.get("nodes", null, "sim-node-2")).unschedulable).toBeUndefined();
  });

  it("label and annotate", async () => {
    await kubectl("label", "deployment", "cart", "tier=frontend");
    await kubectl("annotate", "deployment", "cart", "incident=INC-1");
    const cart = sim.store.get("deployments.apps", "default", "cart");
    expect(cart?.metadata.labels?.tier).toBe("frontend");
    expect(cart?.metadata.annotations?.incident).toBe("INC-1");
    await kubectl("label", "deployment", "cart", "tier-");
    expect(sim.store.get("deployments.apps", "default", "cart")?.metadata.labels?.tier).toBeUndefined();
  });

  it("create namespace and create deployment (protobuf request bodies)", async () => {
    expect(await kubectl("create", "namespace", "payments")).toBe("namespace/payments created\n");
    await kubectl("create", "deployment", "ledger", "-n", "payments", "--image=ledger:3", "--replicas=0", "--port=9000");
    const ledger = sim.store.get("deployments.apps", "payments", "ledger");
    expect(spec(ledger).replicas).toBe(0);
    expect(JSON.stringify(spec(ledger).template)).toContain('"containerPort":9000');
    await kubectl("create", "configmap", "flags", "-n", "payments", "--from-literal=beta=true");
    expect(sim.store.get("configmaps", "payments", "flags")?.data).toEqual({ beta: "true" });
  });

  it("autoscale creates an HPA through autoscaling/v1, stored as v2", async () => {
    await kubectl("autoscale", "deployment", "cart", "--min=2", "--max=6", "--cpu-percent=70");
    const hpa = sim.store.get("horizontalpodautoscalers.autoscaling", "default", "cart");
    expect(spec(hpa).metrics).toEqual([{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }]);
    expect(await kubectl("get", "hpa", "cart")).toMatch(/cart\s+Deployment\/cart\s+cpu: <unknown>\/70%\s+2\s+6\s+/);
  });

  it("delete removes the object and its dependents", async () => {
    const owner = deployment("doomed");
    sim.store.create("replicasets.apps", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "doomed-1", namespace: "default", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "doomed", uid: owner.metadata.uid, controller: true }] },
      spec: { selector: { matchLabels: { app: "doomed" } }, template: { metadata: { labels: { app: "doomed" } }, spec: { containers: [{ name: "a", image: "b" }] } } },
    });
    expect(await kubectl("delete", "deployment", "doomed")).toBe('deployment.apps "doomed" deleted\n');
    expect(sim.store.get("replicasets.apps", "default", "doomed-1")).toBeUndefined();
  });

  it("get -w prints a line when the watched object changes", async () => {
    const child = spawn(KUBECTL as string, ["--kubeconfig", sim.kubeconfigPath, "--cache-dir", join(dir, "cache"), "get", "configmaps", "-w"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      // The first list (kube-root-ca.crt is not simulated, so wait for the watch to be open).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      sim.store.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "watched-cm", namespace: "default" }, data: { a: "1" } });
      await expect.poll(() => output, { timeout: 10_000 }).toMatch(/watched-cm\s+1\s+/);
    } finally {
      child.kill();
    }
  });
});
