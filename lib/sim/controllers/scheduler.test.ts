/**
 * Scheduling on the real store: placement spreads replicas, and each reason a pod can't be placed
 * leaves it Pending with the scheduler's own message until the cause is removed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Deployment, Node, Pod } from "./api-types";
import { createTestCluster, deploymentManifest, isReady, type TestCluster } from "./testing/sim-cluster";

let cluster: TestCluster;
beforeEach(() => {
  cluster = createTestCluster();
});
afterEach(() => cluster.stop());

function scheduledCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === "PodScheduled");
}

function setCordon(unschedulable: boolean): void {
  for (const node of ["sim-node-1", "sim-node-2", "sim-node-3"]) {
    cluster.patch<Node>("nodes", null, node, (n) => {
      n.spec = { ...(n.spec ?? {}), unschedulable };
    });
  }
}

describe("scheduler", () => {
  it("spreads the replicas of one owner across nodes and records Scheduled", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 3 }));
    cluster.until(() => cluster.pods("shop").filter(isReady).length === 3, 30, "ready");
    const nodes = new Set(cluster.pods("shop").map((p) => p.spec.nodeName));
    expect(nodes.size).toBe(3);
    const pod = cluster.pods("shop")[0]!;
    expect(cluster.events("shop", pod.metadata.name).find((e) => e.reason === "Scheduled")?.message).toBe(`Successfully assigned shop/${pod.metadata.name} to ${pod.spec.nodeName}`);
    expect(pod.status?.podIP).toMatch(/^10\.244\.[012]\.\d+$/);
  });

  it("an impossible nodeSelector keeps the pod Pending with FailedScheduling; removing it schedules the pod", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 1, podSpec: { nodeSelector: { disktype: "ssd" } } }));
    cluster.advance(3);
    const pod = cluster.pods("shop")[0]!;
    expect(pod.status?.phase).toBe("Pending");
    const message = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    expect(scheduledCondition(pod)).toMatchObject({ status: "False", reason: "Unschedulable", message });
    const failed = cluster.events("shop", pod.metadata.name).find((e) => e.reason === "FailedScheduling");
    expect(failed).toMatchObject({ type: "Warning", message, source: { component: "default-scheduler" } });
    // Retried periodically: the same event is counted again.
    cluster.advance(65);
    expect(cluster.events("shop", pod.metadata.name).find((e) => e.reason === "FailedScheduling")!.count).toBeGreaterThanOrEqual(2);

    cluster.patch<Deployment>("deployments.apps", "shop", "web", (d) => delete d.spec.template.spec.nodeSelector);
    cluster.until(() => cluster.pods("shop").length === 1 && isReady(cluster.pods("shop")[0]!), 30, "scheduled after fix");
  });

  it("labelling a node to match the selector schedules the waiting pod", () => {
    cluster.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "shop" }, spec: { nodeSelector: { disktype: "ssd" }, containers: [{ name: "c", image: "nginx:1.25" }] } });
    cluster.advance(2);
    cluster.patch<Node>("nodes", null, "sim-node-2", (n) => (n.metadata.labels = { ...n.metadata.labels, disktype: "ssd" }));
    cluster.until(() => (cluster.store.get("pods", "shop", "p") as Pod).spec.nodeName === "sim-node-2", 5, "bound to node 2");
  });

  it("cordoning every node leaves new pods Pending; uncordoning schedules them", () => {
    setCordon(true);
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 2 }));
    cluster.advance(3);
    const pods = cluster.pods("shop");
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => !p.spec.nodeName)).toBe(true);
    expect(scheduledCondition(pods[0]!)?.message).toBe(
      "0/3 nodes are available: 3 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    setCordon(false);
    cluster.until(() => cluster.pods("shop").filter(isReady).length === 2, 30, "ready after uncordon");
  });

  it("requests beyond free CPU give Insufficient cpu; lowering them fits", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "big", replicas: 4, container: { resources: { requests: { cpu: "3", memory: "1Gi" } } } }));
    cluster.advance(5);
    const pending = cluster.pods("shop").filter((p) => !p.spec.nodeName);
    expect(pending).toHaveLength(1);
    expect(scheduledCondition(pending[0]!)?.message).toBe(
      "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
    cluster.patch<Deployment>("deployments.apps", "shop", "big", (d) => {
      d.spec.template.spec.containers[0]!.resources = { requests: { cpu: "500m", memory: "256Mi" } };
    });
    cluster.until(() => {
      const pods = cluster.pods("shop");
      return pods.length === 4 && pods.every(isReady);
    }, 60, "all scheduled");
  });

  it("honours taints, tolerations and required pod anti-affinity", () => {
    cluster.patch<Node>("nodes", null, "sim-node-1", (n) => (n.spec = { ...n.spec, taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] }));
    cluster.create(
      "deployments.apps",
      deploymentManifest({
        name: "spread",
        replicas: 3,
        // With required anti-affinity a surge pod has nowhere to go: replace pods one at a time instead.
        spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } },
        podSpec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "spread" } }, topologyKey: "kubernetes.io/hostname" }] } } },
      }),
    );
    cluster.advance(5);
    const pending = cluster.pods("shop").filter((p) => !p.spec.nodeName);
    expect(pending).toHaveLength(1);
    expect(scheduledCondition(pending[0]!)?.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    cluster.patch<Deployment>("deployments.apps", "shop", "spread", (d) => {
      d.spec.template.spec.tolerations = [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }];
    });
    cluster.until(() => {
      const pods = cluster.pods("shop");
      return pods.length === 3 && pods.every(isReady) && new Set(pods.map((p) => p.spec.nodeName)).size === 3;
    }, 90, "spread over three nodes");
  });

  it("a NoExecute taint evicts pods that don't tolerate it", () => {
    cluster.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "shop" }, spec: { nodeName: "sim-node-3", containers: [{ name: "c", image: "nginx:1.25" }] } });
    cluster.advance(3);
    cluster.patch<Node>("nodes", null, "sim-node-3", (n) => (n.spec = { ...n.spec, taints: [{ key: "maintenance", effect: "NoExecute" }] }));
    cluster.advance(1);
    expect(cluster.store.get("pods", "shop", "p")).toBeUndefined();
    expect(cluster.events("shop", "p").some((e) => e.reason === "TaintManagerEviction" && e.message === "Marking for deletion Pod shop/p")).toBe(true);
  });
});
