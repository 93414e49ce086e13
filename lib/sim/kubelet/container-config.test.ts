/**
 * Environment and volume resolution with the kubelet's error messages.
 */
import { describe, expect, it } from "vitest";
import type { ConfigMap, Container, Pod, Secret } from "../controllers/api-types";
import { checkVolumes, resolveContainerEnv, type ConfigLookup } from "./container-config";

const configMaps: Record<string, ConfigMap> = {
  app: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", namespace: "shop", uid: "c", resourceVersion: "1", creationTimestamp: "" }, data: { LOG_LEVEL: "debug", HOST: "db" } },
};
const secrets: Record<string, Secret> = {
  db: { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "shop", uid: "s", resourceVersion: "1", creationTimestamp: "" }, data: { password: Buffer.from("hunter2").toString("base64") } },
};
const lookup: ConfigLookup = { configMap: (_ns, name) => configMaps[name], secret: (_ns, name) => secrets[name] };

function pod(container: Container, volumes: Pod["spec"]["volumes"] = []): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "shop", uid: "u", resourceVersion: "1", creationTimestamp: "", labels: { app: "web" } },
    spec: { nodeName: "sim-node-1", containers: [container], volumes },
    status: { podIP: "10.244.0.7" },
  };
}

describe("resolveContainerEnv", () => {
  it("resolves literals, references, ConfigMaps, Secrets and the downward API", () => {
    const container: Container = {
      name: "c",
      envFrom: [{ configMapRef: { name: "app" }, prefix: "APP_" }],
      env: [
        { name: "DB_HOST", valueFrom: { configMapKeyRef: { name: "app", key: "HOST" } } },
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
        { name: "DSN", value: "postgres://$(DB_HOST):5432" },
        { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
      ],
      resources: { limits: { memory: "256Mi" } },
    };
    expect(resolveContainerEnv(pod(container), container, lookup)).toEqual({
      ok: true,
      env: { APP_LOG_LEVEL: "debug", APP_HOST: "db", DB_HOST: "db", DB_PASSWORD: "hunter2", DSN: "postgres://db:5432", POD_IP: "10.244.0.7", APP: "web", MEM: "256" },
    });
  });

  it("reports missing objects and keys unless optional", () => {
    const missingKey: Container = { name: "c", env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "app", key: "REDIS_ADDR" } } }] };
    expect(resolveContainerEnv(pod(missingKey), missingKey, lookup)).toEqual({ ok: false, message: "couldn't find key REDIS_ADDR in ConfigMap shop/app" });
    const missingSecretKey: Container = { name: "c", env: [{ name: "X", valueFrom: { secretKeyRef: { name: "db", key: "user" } } }] };
    expect(resolveContainerEnv(pod(missingSecretKey), missingSecretKey, lookup)).toEqual({ ok: false, message: "couldn't find key user in Secret shop/db" });
    const missingMap: Container = { name: "c", envFrom: [{ configMapRef: { name: "nope" } }] };
    expect(resolveContainerEnv(pod(missingMap), missingMap, lookup)).toEqual({ ok: false, message: 'configmap "nope" not found' });
    const optional: Container = { name: "c", envFrom: [{ secretRef: { name: "nope", optional: true } }], env: [{ name: "Y", valueFrom: { configMapKeyRef: { name: "app", key: "nope", optional: true } } }] };
    expect(resolveContainerEnv(pod(optional), optional, lookup)).toEqual({ ok: true, env: {} });
  });
});

describe("checkVolumes", () => {
  it("reports a missing ConfigMap or key of a mounted volume as FailedMount text", () => {
    const container: Container = { name: "c", volumeMounts: [{ name: "cfg", mountPath: "/etc/app" }] };
    expect(checkVolumes(pod(container, [{ name: "cfg", configMap: { name: "other" } }]), container, lookup)).toBe('MountVolume.SetUp failed for volume "cfg" : configmap "other" not found');
    expect(checkVolumes(pod(container, [{ name: "cfg", configMap: { name: "app", items: [{ key: "missing", path: "x" }] } }]), container, lookup)).toBe(
      'MountVolume.SetUp failed for volume "cfg" : configmap references non-existent config key: missing',
    );
    expect(checkVolumes(pod(container, [{ name: "cfg", secret: { secretName: "db" } }]), container, lookup)).toBeUndefined();
    // Unmounted volumes don't block this container.
    const other: Container = { name: "c" };
    expect(checkVolumes(pod(other, [{ name: "cfg", configMap: { name: "other" } }]), other, lookup)).toBeUndefined();
  });
});
