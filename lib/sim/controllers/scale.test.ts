/**
 * Determinism (same seed + same calls → same history) and scale (500 pods comfortably, far
 * faster than real time).
 */
import { describe, expect, it } from "vitest";
import type { Deployment } from "./api-types";
import { createTestCluster, deploymentManifest, isReady, type TestCluster } from "./testing/sim-cluster";

function scenario(cluster: TestCluster): void {
  cluster.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "shop" }, data: { A: "1" } });
  cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 3 }));
  cluster.create("deployments.apps", deploymentManifest({ name: "api", replicas: 2, image: "ghcr.io/agentic-sre/shop-catalog:1.0.0", container: { envFrom: [{ configMapRef: { name: "cfg" } }], readinessProbe: { httpGet: { path: "/readyz", port: 8080 } } } }));
  cluster.create("deployments.apps", deploymentManifest({ name: "bad", replicas: 1, image: "nginx:0.0.0" }));
  cluster.advance(30);
  cluster.patch<Deployment>("deployments.apps", "shop", "web", (d) => (d.spec.template.spec.containers[0]!.image = "nginx:1.27"));
  cluster.advance(60);
}

function history(cluster: TestCluster): string {
  const dump = (resource: string) => JSON.stringify(cluster.store.list(resource, null).items);
  return [dump("pods"), dump("replicasets.apps"), dump("deployments.apps"), dump("events"), dump("endpoints")].join("\n");
}

describe("determinism", () => {
  it("the same seed and the same calls give the same cluster history", () => {
    const first = createTestCluster(21);
    const second = createTestCluster(21);
    try {
      scenario(first);
      scenario(second);
      expect(history(second)).toBe(history(first));
    } finally {
      first.stop();
      second.stop();
    }
  });
});

describe("scale", () => {
  it("runs 500 pods with probes and limits, steady at well over 100x real time, and rolls them all", () => {
    const cluster = createTestCluster(5, { nodes: 6 });
    try {
      for (let i = 0; i < 50; i++) {
        cluster.create(
          "deployments.apps",
          deploymentManifest({
            name: `svc-${i}`,
            replicas: 10,
            image: "ghcr.io/agentic-sre/shop-cart:1.0.0",
            container: {
              readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10 },
              resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "256Mi" } },
            },
          }),
        );
        cluster.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: `svc-${i}`, namespace: "shop" }, spec: { selector: { app: `svc-${i}` }, ports: [{ port: 80, targetPort: 8080 }] } });
      }
      cluster.until(() => cluster.pods("shop").filter(isReady).length === 500, 120, "500 ready pods");
      const started = performance.now();
      cluster.advance(600);
      const wallMs = performance.now() - started;
      // 600 simulated seconds must take well under 6 wall seconds (100x); typically it is a few hundred ms.
      expect(wallMs).toBeLessThan(6000);
      for (let i = 0; i < 50; i++) {
        cluster.patch<Deployment>("deployments.apps", "shop", `svc-${i}`, (d) => (d.spec.template.spec.containers[0]!.image = "ghcr.io/agentic-sre/shop-cart:1.1.0"));
      }
      cluster.until(() => {
        const pods = cluster.pods("shop");
        return pods.length === 500 && pods.every((p) => isReady(p) && p.spec.containers[0]!.image!.endsWith(":1.1.0"));
      }, 300, "all rolled");
    } finally {
      cluster.stop();
    }
  }, 60_000);
});
