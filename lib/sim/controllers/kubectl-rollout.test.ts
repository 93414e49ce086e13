/**
 * The real kubectl against the simulator: rollout status / history / undo / restart, set image
 * and describe behave as on a real cluster. The clock runs at 50x so rollouts finish quickly.
 * Skipped (with a message) when kubectl is not on PATH.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../simulator";

const run = promisify(execFile);
const hasKubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;
if (!hasKubectl) console.log("kubectl-rollout.test.ts: skipped, `kubectl` is not on PATH");

let sim: Simulator;
let dir: string;

/** Run kubectl asynchronously (the API server lives in this process, so a blocking call would deadlock). */
async function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("kubectl", ["--kubeconfig", sim.kubeconfigPath, "-n", "shop", ...args], { encoding: "utf8", timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

async function ok(...args: string[]): Promise<string> {
  const result = await kubectl(...args);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  progressDeadlineSeconds: 30
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports: [{name: http, containerPort: 80}]
        readinessProbe:
          httpGet: {path: /, port: http}
          periodSeconds: 2
`;

describe.skipIf(!hasKubectl)("kubectl rollout against the simulator", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sim-kubectl-"));
    sim = createSimulator({ seed: 11, clock: { mode: "realtime", speed: 50 }, kubeconfigPath: join(dir, "kubeconfig") });
    await sim.start();
    sim.store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
    writeFileSync(join(dir, "web.yaml"), manifest);
    await ok("apply", "-f", join(dir, "web.yaml"));
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("rollout status waits for the rollout and reports success", async () => {
    const out = await ok("rollout", "status", "deployment/web", "--timeout=60s");
    expect(out.trim().split("\n").at(-1)).toBe('deployment "web" successfully rolled out');
  });

  it("set image makes revision 2 and rollout history lists both revisions with change-cause", async () => {
    await ok("set", "image", "deployment/web", "web=nginx:1.27");
    await ok("annotate", "deployment/web", "kubernetes.io/change-cause=upgrade nginx to 1.27", "--overwrite");
    await ok("rollout", "status", "deployment/web", "--timeout=60s");
    const history = await ok("rollout", "history", "deployment/web");
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+upgrade nginx to 1\.27\n/);
    const detail = await ok("rollout", "history", "deployment/web", "--revision=2");
    expect(detail).toContain("Image:\tnginx:1.27");
  });

  it("rollout undo --to-revision brings the old template back as a new revision", async () => {
    const out = await ok("rollout", "undo", "deployment/web", "--to-revision=1");
    expect(out.trim()).toBe("deployment.apps/web rolled back");
    await ok("rollout", "status", "deployment/web", "--timeout=60s");
    expect(await ok("get", "deployment/web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).toBe("nginx:1.25");
    expect(await ok("get", "deployment/web", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).toBe("3");
    const history = await ok("rollout", "history", "deployment/web");
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+upgrade nginx to 1\.27\n3\s+<none>\n/);
    const pods = await ok("get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.spec.containers[0].image}{\"\\n\"}{end}");
    expect(pods.trim().split("\n")).toEqual(["nginx:1.25", "nginx:1.25", "nginx:1.25"]);
  });

  it("rollout restart replaces every pod through a new ReplicaSet", async () => {
    const before = (await ok("get", "pods", "-l", "app=web", "-o", "name")).trim().split("\n");
    await ok("rollout", "restart", "deployment/web");
    await ok("rollout", "status", "deployment/web", "--timeout=60s");
    const after = (await ok("get", "pods", "-l", "app=web", "-o", "name")).trim().split("\n");
    expect(after).toHaveLength(3);
    expect(after.some((name) => before.includes(name))).toBe(false);
    expect(await ok("get", "deployment/web", "-o", "jsonpath={.spec.template.metadata.annotations}")).toContain("kubectl.kubernetes.io/restartedAt");
    expect(await ok("get", "deployment/web", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).toBe("4");
  });

  it("a broken image fails rollout status with the progress deadline while old pods keep serving, and undo recovers", async () => {
    await ok("set", "image", "deployment/web", "web=nginx:1.99-typo");
    const status = await kubectl("rollout", "status", "deployment/web", "--timeout=60s");
    expect(status.code).not.toBe(0);
    expect(status.stderr).toContain('error: deployment "web" exceeded its progress deadline');
    const ready = await ok("get", "deployment/web", "-o", "jsonpath={.status.readyReplicas}");
    expect(Number(ready)).toBeGreaterThanOrEqual(2);
    // The new pod's pull fails within seconds of simulated time; poll rather than race it.
    let pods = "";
    for (let i = 0; i < 50 && !/ImagePullBackOff|ErrImagePull/.test(pods); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      pods = await ok("get", "pods", "-l", "app=web");
    }
    expect(pods).toMatch(/ImagePullBackOff|ErrImagePull/);
    await ok("rollout", "undo", "deployment/web");
    await ok("rollout", "status", "deployment/web", "--timeout=60s");
  });

  it("rollout pause holds template changes back until rollout resume", async () => {
    await ok("rollout", "pause", "deployment/web");
    await ok("set", "env", "deployment/web", "GREETING=hello");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const revision = await ok("get", "deployment/web", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}");
    const progressing = await ok("get", "deployment/web", "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}");
    expect(progressing).toBe("DeploymentPaused");
    await ok("rollout", "resume", "deployment/web");
    await ok("rollout", "status", "deployment/web", "--timeout=60s");
    expect(Number(await ok("get", "deployment/web", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"))).toBe(Number(revision) + 1);
  });

  it("describe pod shows the kubelet's and scheduler's events", async () => {
    const name = (await ok("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}")).trim();
    const out = await ok("describe", "pod", name);
    expect(out).toMatch(/Status:\s+Running/);
    expect(out).toMatch(/Controlled By:\s+ReplicaSet\/web-/);
    expect(out).toMatch(/Normal\s+Scheduled\s+.*default-scheduler\s+Successfully assigned shop\/web-/);
    expect(out).toMatch(/Normal\s+Started\s+.*kubelet\s+Started container web/);
  });

  it("logs and describe of a crash-looping pod show the exit reason", async () => {
    await ok("run", "geo", "--image=ghcr.io/agentic-sre/shop-cart:1.0.0", "--command", "--", "geo");
    let out = "";
    for (let i = 0; i < 40 && !out.includes("CrashLoopBackOff"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      out = await ok("get", "pod", "geo");
    }
    expect(out).toContain("CrashLoopBackOff");
    const describe = await ok("describe", "pod", "geo");
    expect(describe).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+StartError/);
    expect(describe).toContain('exec: "geo": executable file not found in $PATH');
    expect(describe).toMatch(/Warning\s+BackOff\s+.*Back-off restarting failed container geo in pod geo_shop/);
    const logs = await kubectl("logs", "geo", "--previous");
    expect(logs.code).toBe(0);
  });

  it("logs of a pod that cannot pull its image explain why", async () => {
    await ok("run", "typo", "--image=nginx:1.99-typo");
    let result = await kubectl("logs", "typo");
    for (let i = 0; i < 40 && !result.stderr.includes("trying and failing to pull image"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      result = await kubectl("logs", "typo");
    }
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('container "typo" in pod "typo" is waiting to start: trying and failing to pull image');
  });
});
