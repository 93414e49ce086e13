/**
 * Endpoints follow Service selectors, pod readiness and targetPort.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Service } from "./api-types";
import { computeSubsets } from "./endpoints";
import { createTestCluster, deploymentManifest, isReady, type TestCluster } from "./testing/sim-cluster";

let cluster: TestCluster;
beforeEach(() => {
  cluster = createTestCluster();
});
afterEach(() => cluster.stop());

function service(spec: Record<string, unknown>): void {
  cluster.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop", labels: { app: "web" } }, spec });
}

describe("Endpoints controller", () => {
  it("lists ready pods with the resolved named targetPort", () => {
    service({ selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 2 }));
    cluster.until(() => cluster.pods("shop").filter(isReady).length === 2, 30, "ready");
    cluster.advance(1);
    const ep = cluster.endpoints("shop", "web")!;
    expect(ep.metadata.labels).toEqual({ app: "web" });
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets![0]!.ports).toEqual([{ name: "http", port: 80, protocol: "TCP" }]);
    expect(ep.subsets![0]!.addresses!.map((a) => a.ip).sort()).toEqual(cluster.pods("shop").map((p) => p.status!.podIP!).sort());
    expect(ep.subsets![0]!.addresses![0]!.targetRef?.kind).toBe("Pod");
  });

  it("a selector that matches nothing empties the Endpoints; fixing it fills them again", () => {
    service({ selector: { app: "web" }, ports: [{ port: 80 }] });
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 2 }));
    cluster.until(() => cluster.pods("shop").filter(isReady).length === 2, 30, "ready");
    cluster.patch<Service>("services", "shop", "web", (s) => (s.spec.selector = { app: "wbe" }));
    expect(cluster.endpoints("shop", "web")!.subsets).toBeUndefined();
    cluster.patch<Service>("services", "shop", "web", (s) => (s.spec.selector = { app: "web" }));
    expect(cluster.endpoints("shop", "web")!.subsets![0]!.addresses).toHaveLength(2);
  });

  it("a named targetPort no container declares leaves the pods out; a numeric one includes them", () => {
    service({ selector: { app: "web" }, ports: [{ port: 80, targetPort: "metrics" }] });
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 2 }));
    cluster.until(() => cluster.pods("shop").filter(isReady).length === 2, 30, "ready");
    expect(cluster.endpoints("shop", "web")!.subsets).toBeUndefined();
    cluster.patch<Service>("services", "shop", "web", (s) => (s.spec.ports![0]!.targetPort = 80));
    expect(cluster.endpoints("shop", "web")!.subsets![0]!.addresses).toHaveLength(2);
  });

  it("deleting the Service deletes its Endpoints; a selectorless Service's Endpoints are left to the user", () => {
    service({ selector: { app: "web" }, ports: [{ port: 80 }] });
    expect(cluster.endpoints("shop", "web")).toBeDefined();
    cluster.remove("services", "shop", "web");
    expect(cluster.endpoints("shop", "web")).toBeUndefined();
    cluster.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "external", namespace: "shop" }, spec: { ports: [{ port: 5432 }] } });
    expect(cluster.endpoints("shop", "external")).toBeUndefined();
  });

  it("computeSubsets splits ready and not-ready addresses, sorted by IP", () => {
    const pod = (name: string, ip: string, ready: boolean) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "shop", uid: name, resourceVersion: "1", creationTimestamp: "", labels: { app: "web" } },
      spec: { nodeName: "n1", containers: [{ name: "c", ports: [{ name: "http", containerPort: 8080 }] }] },
      status: { phase: "Running" as const, podIP: ip, conditions: [{ type: "Ready", status: ready ? ("True" as const) : ("False" as const) }] },
    });
    const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "web", uid: "s", resourceVersion: "1", creationTimestamp: "" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] } };
    const subsets = computeSubsets(svc, [pod("b", "10.244.1.10", true), pod("a", "10.244.1.9", true), pod("c", "10.244.0.3", false)]);
    expect(subsets).toEqual([
      {
        addresses: [
          { ip: "10.244.1.9", nodeName: "n1", targetRef: { kind: "Pod", namespace: "shop", name: "a", uid: "a" } },
          { ip: "10.244.1.10", nodeName: "n1", targetRef: { kind: "Pod", namespace: "shop", name: "b", uid: "b" } },
        ],
        notReadyAddresses: [{ ip: "10.244.0.3", nodeName: "n1", targetRef: { kind: "Pod", namespace: "shop", name: "c", uid: "c" } }],
        ports: [{ port: 8080, protocol: "TCP" }],
      },
    ]);
  });
});
