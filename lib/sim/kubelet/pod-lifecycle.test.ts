/**
 * Failure modes of the kubelet model, each caused by an ordinary object change and cleared by
 * reverting it, on the real store and controllers with a manual clock.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSimApiError } from "../errors";
import type { Deployment, Pod } from "../controllers/api-types";
import { createTestCluster, deploymentManifest, firstContainerState, isReady, type TestCluster } from "../controllers/testing/sim-cluster";

let cluster: TestCluster;
beforeEach(() => {
  cluster = createTestCluster();
});
afterEach(() => cluster.stop());

function setContainer(name: string, mutate: (container: Record<string, unknown>) => void): void {
  cluster.patch<Deployment>("deployments.apps", "shop", name, (d) => {
    mutate(d.spec.template.spec.containers[0] as unknown as Record<string, unknown>);
  });
}

function newestPods(app: string): Pod[] {
  const pods = cluster.pods("shop", { app });
  const newestRs = cluster.replicaSets("shop", app).sort((a, b) => Number(b.metadata.annotations?.["deployment.kubernetes.io/revision"]) - Number(a.metadata.annotations?.["deployment.kubernetes.io/revision"]))[0];
  return pods.filter((p) => p.metadata.labels?.["pod-template-hash"] === newestRs?.metadata.labels?.["pod-template-hash"]);
}

describe("image pull", () => {
  it("a tag that does not exist gives ErrImagePull then ImagePullBackOff with growing back-off, and fixing the tag runs the pod", () => {
    cluster.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "bad", namespace: "shop" }, spec: { containers: [{ name: "web", image: "nginx:1.99" }] } });
    cluster.until(() => firstContainerState(cluster.store.get("pods", "shop", "bad") as Pod).waiting === "ErrImagePull", 10, "ErrImagePull");
    const pod = cluster.store.get("pods", "shop", "bad") as Pod;
    expect(pod.status?.phase).toBe("Pending");
    expect(pod.status?.containerStatuses?.[0]?.state.waiting?.message).toContain('docker.io/library/nginx:1.99: not found');
    cluster.until(() => firstContainerState(cluster.store.get("pods", "shop", "bad") as Pod).waiting === "ImagePullBackOff", 5, "ImagePullBackOff");
    const failed = cluster.events("shop", "bad").filter((e) => e.reason === "Failed");
    expect(failed.map((e) => e.message)).toContain("Error: ErrImagePull");
    expect(failed.some((e) => e.message.startsWith('Failed to pull image "nginx:1.99": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99"'))).toBe(true);
    expect(cluster.events("shop", "bad").some((e) => e.reason === "BackOff" && e.message === 'Back-off pulling image "nginx:1.99"')).toBe(true);

    // Pull attempts back off: 10s, then 20s between the second and third.
    const pullTimes: number[] = [];
    let pulls = cluster.events("shop", "bad").find((e) => e.reason === "Pulling")?.count ?? 0;
    for (let s = 0; s < 60; s++) {
      cluster.advance(1);
      const count = cluster.events("shop", "bad").find((e) => e.reason === "Pulling")?.count ?? 0;
      if (count > pulls) pullTimes.push(cluster.clock.nowMs());
      pulls = count;
    }
    expect(pullTimes.length).toBeGreaterThanOrEqual(2);
    expect(pullTimes[1]! - pullTimes[0]!).toBeGreaterThan(15_000);

    // Fixing the image (pods allow image updates) starts it.
    cluster.patch<Pod>("pods", "shop", "bad", (p) => {
      p.spec.containers[0]!.image = "nginx:1.25";
    });
    cluster.until(() => isReady(cluster.store.get("pods", "shop", "bad") as Pod), 15, "pod ready after fix");
    expect((cluster.store.get("pods", "shop", "bad") as Pod).status?.phase).toBe("Running");
  });

  it("an unknown repository is refused as pull access denied, an invalid name is InvalidImageName", () => {
    cluster.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "typo", namespace: "shop" }, spec: { containers: [{ name: "web", image: "ngnix:1.25" }] } });
    cluster.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "upper", namespace: "shop" }, spec: { containers: [{ name: "web", image: "Nginx:1.25" }] } });
    cluster.advance(5);
    const typo = cluster.store.get("pods", "shop", "typo") as Pod;
    expect(typo.status?.containerStatuses?.[0]?.state.waiting?.message).toContain("pull access denied, repository does not exist or may require authorization");
    expect(firstContainerState(cluster.store.get("pods", "shop", "upper") as Pod).waiting).toBe("InvalidImageName");
  });

  it("a bad image in a Deployment shows ImagePullBackOff on new pods while the old ones keep serving", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 4 }));
    cluster.until(() => cluster.pods("shop").filter(isReady).length === 4, 30, "initial rollout");
    setContainer("web", (c) => (c.image = "nginx:9.9.9"));
    cluster.advance(60);
    const fresh = newestPods("web");
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((p) => ["ErrImagePull", "ImagePullBackOff"].includes(firstContainerState(p).waiting ?? ""))).toBe(true);
    // maxUnavailable 25% of 4 = 1: at least 3 old pods stay ready.
    expect(cluster.pods("shop").filter(isReady).length).toBeGreaterThanOrEqual(3);
  });
});

describe("container start and crash loop", () => {
  it("a command missing from the image fails with StartError 128 and CrashLoopBackOff with doubling back-off; fixing the command recovers", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "geo", replicas: 1, image: "ghcr.io/agentic-sre/shop-cart:1.0.0", container: { command: ["geo"] } }));
    cluster.until(() => cluster.pods("shop", { app: "geo" })[0]?.status?.containerStatuses?.[0]?.state.waiting?.reason === "CrashLoopBackOff", 20, "CrashLoopBackOff");
    let pod = cluster.pods("shop", { app: "geo" })[0]!;
    const status = pod.status!.containerStatuses![0]!;
    expect(pod.status?.phase).toBe("Running");
    expect(status.lastState.terminated?.reason).toBe("StartError");
    expect(status.lastState.terminated?.exitCode).toBe(128);
    expect(status.lastState.terminated?.message).toContain('exec: "geo": executable file not found in $PATH');
    expect(status.state.waiting?.message).toMatch(/^back-off 10s restarting failed container=app pod=geo-/);
    expect(cluster.events("shop", pod.metadata.name).some((e) => e.reason === "BackOff" && e.message.startsWith("Back-off restarting failed container app in pod"))).toBe(true);

    // Restart times follow 10s, 20s, 40s.
    const restarts: number[] = [];
    let last = status.restartCount;
    for (let s = 0; s < 120; s++) {
      cluster.advance(1);
      const count = cluster.pods("shop", { app: "geo" })[0]!.status!.containerStatuses![0]!.restartCount;
      if (count > last) restarts.push(cluster.clock.nowMs());
      last = count;
    }
    expect(restarts.length).toBeGreaterThanOrEqual(3);
    const gaps = restarts.slice(1).map((t, i) => Math.round((t - restarts[i]!) / 1000));
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[0]).toBeLessThanOrEqual(21);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[1]).toBeLessThanOrEqual(41);
    pod = cluster.pods("shop", { app: "geo" })[0]!;
    expect(pod.status!.containerStatuses![0]!.state.waiting?.message).toMatch(/^back-off (1m20s|40s)/);

    setContainer("geo", (c) => delete c.command);
    cluster.until(() => {
      const pods = cluster.pods("shop", { app: "geo" });
      return pods.length === 1 && isReady(pods[0]!) && firstContainerState(pods[0]!).restartCount === 0;
    }, 30, "fixed pod ready");
  });

  it("a shell script that exits non-zero is reason Error with its exit code, and the previous log is readable", () => {
    cluster.create("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "job", namespace: "shop" },
      spec: { containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", "echo connecting to db; sleep 2; echo 'fatal: connection refused'; exit 3"] }] },
    });
    cluster.until(() => (cluster.store.get("pods", "shop", "job") as Pod).status?.containerStatuses?.[0]?.lastState.terminated !== undefined, 30, "first crash");
    const pod = cluster.store.get("pods", "shop", "job") as Pod;
    expect(pod.status!.containerStatuses![0]!.lastState.terminated).toMatchObject({ reason: "Error", exitCode: 3 });
    const previous = cluster.controllers.podLogs.read("shop", "job", { previous: true });
    expect(previous).toBe("connecting to db\nfatal: connection refused\n");
    const withTimes = cluster.controllers.podLogs.read("shop", "job", { previous: true, timestamps: true, tailLines: 1 });
    expect(withTimes).toMatch(/^2025-01-01T00:00:\d\d\.\d{9}Z fatal: connection refused\n$/);
  });

  it("a Pod with restartPolicy Never that exits 0 is Succeeded", () => {
    cluster.create("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "once", namespace: "shop" },
      spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", "echo done"] }] },
    });
    cluster.until(() => (cluster.store.get("pods", "shop", "once") as Pod).status?.phase === "Succeeded", 15, "Succeeded");
    expect(firstContainerState(cluster.store.get("pods", "shop", "once") as Pod).terminated).toBe("Completed");
  });
});

describe("configuration", () => {
  it("a missing ConfigMap key gives CreateContainerConfigError and adding the key starts the container", () => {
    cluster.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cart-config", namespace: "shop" }, data: { OTHER: "x" } });
    cluster.create(
      "deployments.apps",
      deploymentManifest({
        name: "cart",
        replicas: 1,
        image: "ghcr.io/agentic-sre/shop-cart:1.0.0",
        container: { env: [{ name: "REDIS_ADDR", valueFrom: { configMapKeyRef: { name: "cart-config", key: "REDIS_ADDR" } } }] },
      }),
    );
    cluster.until(() => firstContainerState(cluster.pods("shop", { app: "cart" })[0]!).waiting === "CreateContainerConfigError", 15, "config error");
    const pod = cluster.pods("shop", { app: "cart" })[0]!;
    expect(pod.status!.containerStatuses![0]!.state.waiting?.message).toBe("couldn't find key REDIS_ADDR in ConfigMap shop/cart-config");
    expect(cluster.events("shop", pod.metadata.name).some((e) => e.reason === "Failed" && e.message === "Error: couldn't find key REDIS_ADDR in ConfigMap shop/cart-config")).toBe(true);
    expect(() => cluster.controllers.podLogs.read("shop", pod.metadata.name, {})).toThrow(`container "app" in pod "${pod.metadata.name}" is waiting to start: CreateContainerConfigError`);

    cluster.patch("configmaps", "shop", "cart-config", (cm) => {
      (cm as unknown as { data: Record<string, string> }).data.REDIS_ADDR = "redis:6379";
    });
    cluster.until(() => isReady(cluster.pods("shop", { app: "cart" })[0]!), 10, "ready after key added");
  });

  it("a missing ConfigMap and a missing Secret are reported with the kubelet's words", () => {
    cluster.create("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "env", namespace: "shop" },
      spec: { containers: [{ name: "main", image: "nginx:1.25", envFrom: [{ secretRef: { name: "db-creds" } }] }] },
    });
    cluster.create("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "vol", namespace: "shop" },
      spec: {
        volumes: [{ name: "cfg", configMap: { name: "nginx-conf" } }],
        containers: [{ name: "main", image: "nginx:1.25", volumeMounts: [{ name: "cfg", mountPath: "/etc/nginx/conf.d" }] }],
      },
    });
    cluster.advance(6);
    expect((cluster.store.get("pods", "shop", "env") as Pod).status!.containerStatuses![0]!.state.waiting).toEqual({ reason: "CreateContainerConfigError", message: 'secret "db-creds" not found' });
    expect(firstContainerState(cluster.store.get("pods", "shop", "vol") as Pod).waiting).toBe("ContainerCreating");
    expect(cluster.events("shop", "vol").some((e) => e.reason === "FailedMount" && e.message === 'MountVolume.SetUp failed for volume "cfg" : configmap "nginx-conf" not found')).toBe(true);
    cluster.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "nginx-conf", namespace: "shop" }, data: { "default.conf": "server {}" } });
    cluster.until(() => isReady(cluster.store.get("pods", "shop", "vol") as Pod), 10, "volume pod ready");
  });

  it("postgres without POSTGRES_PASSWORD exits 1 printing why; setting it from a Secret fixes it", () => {
    cluster.create("secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "pg", namespace: "shop" }, data: { password: Buffer.from("s3cret").toString("base64") } });
    cluster.create("deployments.apps", deploymentManifest({ name: "db", replicas: 1, image: "postgres:16" }));
    cluster.until(() => firstContainerState(cluster.pods("shop", { app: "db" })[0]!).waiting === "CrashLoopBackOff", 30, "postgres crash loop");
    const pod = cluster.pods("shop", { app: "db" })[0]!;
    expect(cluster.controllers.podLogs.read("shop", pod.metadata.name, {})).toContain("You must specify POSTGRES_PASSWORD to a non-empty value");
    setContainer("db", (c) => (c.env = [{ name: "POSTGRES_PASSWORD", valueFrom: { secretKeyRef: { name: "pg", key: "password" } } }]));
    cluster.until(() => {
      const pods = cluster.pods("shop", { app: "db" });
      return pods.length === 1 && isReady(pods[0]!);
    }, 40, "postgres ready");
    cluster.advance(5);
    expect(cluster.controllers.podLogs.read("shop", cluster.pods("shop", { app: "db" })[0]!.metadata.name, {})).toContain("database system is ready to accept connections");
  });
});

describe("memory", () => {
  it("usage above the memory limit is OOMKilled (137) and restarts with back-off; raising the limit stops it", () => {
    cluster.create(
      "deployments.apps",
      deploymentManifest({ name: "leaky", replicas: 1, image: "ghcr.io/agentic-sre/shop-cart:1.0.0", container: { resources: { limits: { memory: "32Mi" } } } }),
    );
    cluster.until(() => cluster.pods("shop", { app: "leaky" })[0]?.status?.containerStatuses?.[0]?.lastState.terminated?.reason === "OOMKilled", 30, "OOMKilled");
    const status = cluster.pods("shop", { app: "leaky" })[0]!.status!.containerStatuses![0]!;
    expect(status.lastState.terminated?.exitCode).toBe(137);
    expect(cluster.events("default").some((e) => e.reason === "OOMKilling" && e.involvedObject.kind === "Node" && e.message.startsWith("Memory cgroup out of memory: Killed process"))).toBe(true);
    cluster.advance(60);
    expect(firstContainerState(cluster.pods("shop", { app: "leaky" })[0]!).restartCount).toBeGreaterThanOrEqual(2);

    setContainer("leaky", (c) => (c.resources = { limits: { memory: "128Mi" } }));
    cluster.until(() => {
      const pods = cluster.pods("shop", { app: "leaky" });
      return pods.length === 1 && isReady(pods[0]!);
    }, 30, "ready with more memory");
    cluster.advance(120);
    expect(firstContainerState(cluster.pods("shop", { app: "leaky" })[0]!).restartCount).toBe(0);
  });

  it("the resource model hook adds usage: a leak grows until the limit kills the container", () => {
    cluster.controllers.kubelet.setResourceModel({
      extraUsage: (ctx) => (ctx.podLabels.app === "cache" ? { memoryBytes: ((ctx.nowMs - ctx.startedAtMs) / 1000) * 1024 * 1024 } : undefined),
    });
    cluster.create("deployments.apps", deploymentManifest({ name: "cache", replicas: 1, image: "redis:7", container: { resources: { limits: { memory: "64Mi" } } } }));
    const seconds = cluster.until(() => cluster.pods("shop", { app: "cache" })[0]?.status?.containerStatuses?.[0]?.lastState.terminated?.reason === "OOMKilled", 120, "leak OOM");
    // 8Mi baseline + 1Mi/s reaches 64Mi after about 56s of running.
    expect(seconds).toBeGreaterThan(50);
    const usage = cluster.controllers.kubelet.containerUsages().find((u) => u.pod.startsWith("cache-"));
    expect(usage === undefined || usage.usage.memoryBytes < 64 * 2 ** 20).toBe(true);
  });
});

describe("probes", () => {
  it("a readiness probe on a port the app does not listen on keeps the pod unready and out of Endpoints; fixing the port brings it back", () => {
    cluster.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] } });
    cluster.create(
      "deployments.apps",
      deploymentManifest({ name: "web", replicas: 2, container: { readinessProbe: { httpGet: { path: "/", port: 9999 }, periodSeconds: 5 } } }),
    );
    cluster.advance(30);
    const pods = cluster.pods("shop", { app: "web" });
    expect(pods.every((p) => !isReady(p) && p.status?.phase === "Running")).toBe(true);
    const unhealthy = cluster.events("shop").find((e) => e.reason === "Unhealthy");
    expect(unhealthy?.message).toMatch(/^Readiness probe failed: Get "http:\/\/10\.244\.\d+\.\d+:9999\/": dial tcp 10\.244\.\d+\.\d+:9999: connect: connection refused$/);
    const ep = cluster.endpoints("shop", "web");
    expect(ep?.subsets?.[0]?.addresses).toBeUndefined();
    expect(ep?.subsets?.[0]?.notReadyAddresses).toHaveLength(2);

    setContainer("web", (c) => ((c.readinessProbe as { httpGet: { port: number } }).httpGet.port = 80));
    cluster.until(() => (cluster.endpoints("shop", "web")?.subsets?.[0]?.addresses?.length ?? 0) === 2 && cluster.pods("shop", { app: "web" }).length === 2, 60, "endpoints ready");
  });

  it("an application-level responder can make /readyz fail (a dependency is down) and recover", () => {
    let databaseUp = true;
    cluster.controllers.kubelet.setHttpResponder((request) => (request.path === "/readyz" && !databaseUp ? 503 : undefined));
    cluster.create("deployments.apps", deploymentManifest({ name: "cart", replicas: 1, image: "ghcr.io/agentic-sre/shop-cart:1.0.0", container: { readinessProbe: { httpGet: { path: "/readyz", port: 8080 }, periodSeconds: 2, failureThreshold: 2 } } }));
    cluster.until(() => cluster.pods("shop", { app: "cart" }).some(isReady), 20, "ready");
    databaseUp = false;
    cluster.until(() => !isReady(cluster.pods("shop", { app: "cart" })[0]!), 10, "unready while the database is down");
    expect(cluster.events("shop").some((e) => e.reason === "Unhealthy" && e.message === "Readiness probe failed: HTTP probe failed with statuscode: 503")).toBe(true);
    databaseUp = true;
    cluster.until(() => isReady(cluster.pods("shop", { app: "cart" })[0]!), 10, "ready again");
  });

  it("a failing liveness probe kills and restarts the container", () => {
    cluster.create("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "live", namespace: "shop" },
      spec: { containers: [{ name: "web", image: "nginx:1.25", livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 3 } }] },
    });
    cluster.until(() => firstContainerState(cluster.store.get("pods", "shop", "live") as Pod).restartCount >= 1, 60, "liveness restart");
    const events = cluster.events("shop", "live");
    expect(events.some((e) => e.reason === "Unhealthy" && e.message === `Liveness probe failed: dial tcp ${(cluster.store.get("pods", "shop", "live") as Pod).status?.podIP}:8080: connect: connection refused`)).toBe(true);
    expect(events.some((e) => e.reason === "Killing" && e.message === "Container web failed liveness probe, will be restarted")).toBe(true);
  });
});

describe("pod logs", () => {
  it("serves start-up lines, appended application lines, tail and since, and the API's errors", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "api", replicas: 1, image: "ghcr.io/agentic-sre/shop-catalog:1.1.0" }));
    cluster.until(() => cluster.pods("shop", { app: "api" }).some(isReady), 20, "ready");
    // Without a readiness probe the pod is Ready at start; the server prints "Listening" once it listens.
    cluster.advance(3);
    const name = cluster.pods("shop", { app: "api" })[0]!.metadata.name;
    const logs = cluster.controllers.podLogs;
    expect(logs.read("shop", name, {})).toBe('level=info service=catalog msg="Starting shop-catalog 1.1.0"\nlevel=info service=catalog msg="Listening on :8080"\n');
    cluster.advance(30);
    expect(cluster.controllers.kubelet.appendLog("shop", name, "app", 'level=error msg="GET /products 500"')).toBe(true);
    expect(logs.read("shop", name, { tailLines: 1 })).toBe('level=error msg="GET /products 500"\n');
    expect(logs.read("shop", name, { sinceSeconds: 5 })).toBe('level=error msg="GET /products 500"\n');
    const expectStatus = (fn: () => unknown, code: number, message: string) => {
      try {
        fn();
        throw new Error("expected an error");
      } catch (error) {
        expect(isSimApiError(error) && error.code).toBe(code);
        expect((error as Error).message).toBe(message);
      }
    };
    expectStatus(() => logs.read("shop", name, { previous: true }), 400, `previous terminated container "app" in pod "${name}" not found`);
    expectStatus(() => logs.read("shop", name, { container: "nope" }), 400, `container nope is not valid for pod ${name}`);
    expectStatus(() => logs.read("shop", "ghost", {}), 404, 'pods "ghost" not found');
  });
});

describe("init containers", () => {
  it("run to completion before the app container starts; a failing one holds the pod in Pending with back-off", () => {
    cluster.create("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "migrate", namespace: "shop" },
      spec: {
        initContainers: [{ name: "wait-db", image: "busybox:1.36", command: ["sh", "-c", "echo waiting; sleep 3"] }],
        containers: [{ name: "app", image: "ghcr.io/agentic-sre/shop-cart:1.0.0" }],
      },
    });
    cluster.advance(3);
    let pod = cluster.store.get("pods", "shop", "migrate") as Pod;
    expect(pod.status?.phase).toBe("Pending");
    expect(pod.status?.containerStatuses?.[0]?.state.waiting?.reason).toBe("PodInitializing");
    expect(pod.status?.conditions?.find((c) => c.type === "Initialized")).toMatchObject({ status: "False", reason: "ContainersNotInitialized" });
    cluster.until(() => isReady(cluster.store.get("pods", "shop", "migrate") as Pod), 20, "initialised and ready");
    pod = cluster.store.get("pods", "shop", "migrate") as Pod;
    expect(pod.status?.initContainerStatuses?.[0]).toMatchObject({ ready: true, state: { terminated: { reason: "Completed", exitCode: 0 } } });

    cluster.create("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "broken-init", namespace: "shop" },
      spec: { initContainers: [{ name: "migrate", image: "busybox:1.36", command: ["sh", "-c", "exit 1"] }], containers: [{ name: "app", image: "nginx:1.25" }] },
    });
    cluster.until(() => (cluster.store.get("pods", "shop", "broken-init") as Pod).status?.initContainerStatuses?.[0]?.state.waiting?.reason === "CrashLoopBackOff", 20, "init back-off");
    expect((cluster.store.get("pods", "shop", "broken-init") as Pod).status?.phase).toBe("Pending");
  });
});
