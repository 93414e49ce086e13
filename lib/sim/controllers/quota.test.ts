/**
 * ResourceQuota admission and status, and what a ReplicaSet does when quota refuses its pods.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSimApiError } from "../errors";
import type { Deployment, ReplicaSet, ResourceQuota } from "./api-types";
import { createTestCluster, deploymentManifest, isReady, type TestCluster } from "./testing/sim-cluster";

let cluster: TestCluster;
beforeEach(() => {
  cluster = createTestCluster();
});
afterEach(() => cluster.stop());

function quota(hard: Record<string, string>): void {
  cluster.create("resourcequotas", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute", namespace: "shop" }, spec: { hard } });
}

const resources = { requests: { cpu: "600m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } };

describe("ResourceQuota", () => {
  it("refuses a pod over the quota with the API server's message", () => {
    quota({ "requests.cpu": "2", pods: "10" });
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 3, container: { resources } }));
    cluster.advance(2);
    try {
      cluster.store.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "extra", namespace: "shop" }, spec: { containers: [{ name: "c", image: "nginx:1.25", resources: { requests: { cpu: "500m" } } }] } });
      throw new Error("expected a refusal");
    } catch (error) {
      expect(isSimApiError(error) && error.code).toBe(403);
      expect((error as Error).message).toBe('pods "extra" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=1800m, limited: requests.cpu=2');
    }
  });

  it("requires requests for tracked resources", () => {
    quota({ "limits.memory": "4Gi" });
    expect(() => cluster.store.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "bare", namespace: "shop" }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } })).toThrow(
      'pods "bare" is forbidden: failed quota: compute: must specify limits.memory for: c',
    );
  });

  it("keeps status.hard and status.used current", () => {
    quota({ "requests.cpu": "4", "requests.memory": "2Gi", "limits.memory": "4Gi", pods: "10", services: "5" });
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 2, container: { resources } }));
    cluster.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } });
    cluster.advance(2);
    const status = (cluster.store.get("resourcequotas", "shop", "compute") as ResourceQuota).status;
    expect(status?.hard).toEqual({ "requests.cpu": "4", "requests.memory": "2Gi", "limits.memory": "4Gi", pods: "10", services: "5" });
    expect(status?.used).toEqual({ "requests.cpu": "1200m", "requests.memory": "512Mi", "limits.memory": "1Gi", pods: "2", services: "1" });
  });

  it("a ReplicaSet that hits the quota records FailedCreate and catches up when the quota is raised", () => {
    quota({ "requests.cpu": "1500m" });
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 3, container: { resources } }));
    cluster.advance(10);
    expect(cluster.pods("shop")).toHaveLength(2);
    const rs = cluster.replicaSets("shop", "web")[0] as ReplicaSet;
    const failed = cluster.events("shop", rs.metadata.name).filter((e) => e.reason === "FailedCreate");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.type).toBe("Warning");
    expect(failed[0]!.message).toMatch(
      new RegExp(`^Error creating: pods "${rs.metadata.name}-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=1200m, limited: requests.cpu=1500m$`),
    );
    const rsNow = cluster.store.get("replicasets.apps", "shop", rs.metadata.name) as ReplicaSet;
    expect(rsNow.status?.conditions?.find((c) => c.type === "ReplicaFailure")).toMatchObject({ status: "True", reason: "FailedCreate" });
    expect(cluster.deployment("shop", "web").status?.conditions?.find((c) => c.type === "ReplicaFailure")?.status).toBe("True");

    cluster.patch<ResourceQuota>("resourcequotas", "shop", "compute", (q) => (q.spec = { hard: { "requests.cpu": "3" } }));
    cluster.until(() => cluster.pods("shop").filter(isReady).length === 3, 30, "third pod");
    cluster.advance(2);
    expect((cluster.store.get("replicasets.apps", "shop", rs.metadata.name) as ReplicaSet).status?.conditions).toBeUndefined();
    expect((cluster.store.get("deployments.apps", "shop", "web") as Deployment).status?.conditions?.some((c) => c.type === "ReplicaFailure")).toBe(false);
  });
});
