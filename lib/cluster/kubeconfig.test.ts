import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../sim/simulator";
import { createClusterClients } from "./client";
import { loadKubeConfig } from "./kubeconfig";

const otherConfig = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: "https://prod.example:6443"}
contexts:
- name: prod
  context: {cluster: prod, user: ops}
current-context: prod
users:
- name: ops
  user: {token: t}
`;

describe("loadKubeConfig", () => {
  let dir: string;
  let sim: Simulator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cluster-kubeconfig-"));
    writeFileSync(join(dir, "prod.yaml"), otherConfig);
    sim = createSimulator({ controllers: false, kubeconfigPath: join(dir, "sim.yaml") });
    await sim.start();
  });

  afterAll(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads the simulator's kubeconfig like any other and talks to it", async () => {
    const kubeConfig = loadKubeConfig({ kubeconfigPath: sim.kubeconfigPath });
    expect(kubeConfig.getCurrentContext()).toBe("agentic-sre-sim");
    const nodes = await createClusterClients(kubeConfig).core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(["sim-node-1", "sim-node-2", "sim-node-3"]);
  });

  it("merges a KUBECONFIG path list with the first file's context winning, and switches context", () => {
    const merged = loadKubeConfig({ kubeconfigPath: [sim.kubeconfigPath, join(dir, "prod.yaml")].join(delimiter) });
    expect(merged.getCurrentContext()).toBe("agentic-sre-sim");
    expect(merged.getContexts().map((c) => c.name)).toEqual(["agentic-sre-sim", "prod"]);
    const prod = loadKubeConfig({ kubeconfigPath: [sim.kubeconfigPath, join(dir, "prod.yaml")].join(delimiter), context: "prod" });
    expect(prod.getCurrentCluster()?.server).toBe("https://prod.example:6443");
    expect(() => loadKubeConfig({ kubeconfigPath: sim.kubeconfigPath, context: "nope" })).toThrow(/no context named "nope"/);
  });
});
