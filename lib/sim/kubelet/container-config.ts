/**
 * The kubelet's container configuration step: environment from literal values, ConfigMaps,
 * Secrets, the downward API and resource fields; ConfigMap/Secret volumes. A missing object or key
 * that is not optional fails exactly as the kubelet fails it (CreateContainerConfigError for env,
 * FailedMount for volumes). Pure: objects come through a lookup.
 */
import { parseBytes, parseCpuMillis, parseQuantity, tryParseQuantity } from "../quantity";
import type { ConfigMap, Container, Pod, Secret } from "../controllers/api-types";

/** Reads ConfigMaps and Secrets of a namespace. */
export interface ConfigLookup {
  configMap(namespace: string, name: string): ConfigMap | undefined;
  secret(namespace: string, name: string): Secret | undefined;
}

export type EnvResult = { ok: true; env: Record<string, string> } | { ok: false; message: string };

function decodeBase64(value: string): string {
  return Buffer.from(value, "base64").toString("utf8");
}

function secretData(secret: Secret): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) out[key] = decodeBase64(value);
  for (const [key, value] of Object.entries(secret.stringData ?? {})) out[key] = value;
  return out;
}

function configMapData(configMap: ConfigMap): Record<string, string> {
  const out: Record<string, string> = { ...(configMap.data ?? {}) };
  for (const [key, value] of Object.entries(configMap.binaryData ?? {})) out[key] = decodeBase64(value);
  return out;
}

/** `$(VAR)` references to earlier variables are expanded; unknown ones stay literal (as the kubelet does). */
function expandReferences(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === "$$") return "$";
    return name !== undefined && name in env ? (env[name] as string) : whole;
  });
}

function fieldRefValue(pod: Pod, path: string): string | undefined {
  const labelMatch = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (labelMatch) {
    const map = labelMatch[1] === "labels" ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[labelMatch[2] ?? ""] ?? "";
  }
  switch (path) {
    case "metadata.name":
      return pod.metadata.name;
    case "metadata.namespace":
      return pod.metadata.namespace ?? "";
    case "metadata.uid":
      return pod.metadata.uid;
    case "spec.nodeName":
      return pod.spec.nodeName ?? "";
    case "spec.serviceAccountName":
      return (pod.spec as { serviceAccountName?: string }).serviceAccountName ?? "default";
    case "status.podIP":
      return pod.status?.podIP ?? "";
    case "status.hostIP":
      return pod.status?.hostIP ?? "";
    case "status.podIPs":
      return (pod.status?.podIPs ?? []).map((p) => p.ip).join(",");
    default:
      return undefined;
  }
}

function resourceFieldValue(pod: Pod, container: Container, resource: string, containerName: string | undefined, divisor: string | undefined): string {
  const target = containerName ? pod.spec.containers.find((c) => c.name === containerName) ?? container : container;
  const [kind, name] = resource.split(".") as [string, string | undefined];
  const list = kind === "limits" ? target.resources?.limits : target.resources?.requests;
  const raw = name ? list?.[name] : undefined;
  const div = divisor && tryParseQuantity(divisor) ? parseQuantity(divisor) : 1;
  if (name === "cpu") {
    // No limit: the node's allocatable stands in (4 cores on the simulated nodes).
    const millis = raw !== undefined ? parseCpuMillis(raw) : 4000;
    return String(Math.ceil(millis / 1000 / div));
  }
  if (name === "memory" || name === "ephemeral-storage") {
    const bytes = raw !== undefined ? parseBytes(raw) : 16 * 2 ** 30;
    return String(Math.ceil(bytes / div));
  }
  return "0";
}

/** Resolve a container's environment, or the kubelet's error for the first unresolvable source. */
export function resolveContainerEnv(pod: Pod, container: Container, lookup: ConfigLookup): EnvResult {
  const namespace = pod.metadata.namespace ?? "default";
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? "";
    if (source.configMapRef) {
      const name = source.configMapRef.name ?? "";
      const configMap = lookup.configMap(namespace, name);
      if (!configMap) {
        if (source.configMapRef.optional) continue;
        return { ok: false, message: `configmap "${name}" not found` };
      }
      for (const [key, value] of Object.entries(configMapData(configMap))) env[prefix + key] = value;
    }
    if (source.secretRef) {
      const name = source.secretRef.name ?? "";
      const secret = lookup.secret(namespace, name);
      if (!secret) {
        if (source.secretRef.optional) continue;
        return { ok: false, message: `secret "${name}" not found` };
      }
      for (const [key, value] of Object.entries(secretData(secret))) env[prefix + key] = value;
    }
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (!from) {
      env[variable.name] = expandReferences(variable.value ?? "", env);
      continue;
    }
    if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const configMap = lookup.configMap(namespace, ref.name ?? "");
      if (!configMap) {
        if (ref.optional) continue;
        return { ok: false, message: `configmap "${ref.name ?? ""}" not found` };
      }
      const data = configMapData(configMap);
      if (!(ref.key in data)) {
        if (ref.optional) continue;
        return { ok: false, message: `couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name ?? ""}` };
      }
      env[variable.name] = data[ref.key] as string;
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const secret = lookup.secret(namespace, ref.name ?? "");
      if (!secret) {
        if (ref.optional) continue;
        return { ok: false, message: `secret "${ref.name ?? ""}" not found` };
      }
      const data = secretData(secret);
      if (!(ref.key in data)) {
        if (ref.optional) continue;
        return { ok: false, message: `couldn't find key ${ref.key} in Secret ${namespace}/${ref.name ?? ""}` };
      }
      env[variable.name] = data[ref.key] as string;
    } else if (from.fieldRef) {
      const value = fieldRefValue(pod, from.fieldRef.fieldPath);
      if (value === undefined) return { ok: false, message: `unsupported fieldPath: ${from.fieldRef.fieldPath}` };
      env[variable.name] = value;
    } else if (from.resourceFieldRef) {
      const ref = from.resourceFieldRef;
      env[variable.name] = resourceFieldValue(pod, container, ref.resource, ref.containerName, ref.divisor);
    }
  }
  return { ok: true, env };
}

/**
 * Check the ConfigMap and Secret volumes a container mounts. Returns the FailedMount message of
 * the first one that cannot be set up (the pod then stays ContainerCreating).
 */
export function checkVolumes(pod: Pod, container: Container, lookup: ConfigLookup): string | undefined {
  const namespace = pod.metadata.namespace ?? "default";
  const mounted = new Set((container.volumeMounts ?? []).map((m) => m.name));
  for (const volume of pod.spec.volumes ?? []) {
    if (!mounted.has(volume.name)) continue;
    const prefix = `MountVolume.SetUp failed for volume "${volume.name}" : `;
    const sources: { kind: "configmap" | "secret"; name: string; optional?: boolean; items?: { key: string }[] }[] = [];
    if (volume.configMap) sources.push({ kind: "configmap", name: volume.configMap.name ?? "", optional: volume.configMap.optional, items: volume.configMap.items });
    if (volume.secret) sources.push({ kind: "secret", name: volume.secret.secretName ?? "", optional: volume.secret.optional, items: volume.secret.items });
    for (const projected of volume.projected?.sources ?? []) {
      if (projected.configMap) sources.push({ kind: "configmap", name: projected.configMap.name ?? "", optional: projected.configMap.optional, items: projected.configMap.items });
      if (projected.secret) sources.push({ kind: "secret", name: projected.secret.name ?? "", optional: projected.secret.optional, items: projected.secret.items });
    }
    for (const source of sources) {
      const object = source.kind === "configmap" ? lookup.configMap(namespace, source.name) : lookup.secret(namespace, source.name);
      if (!object) {
        if (source.optional) continue;
        return `${prefix}${source.kind} "${source.name}" not found`;
      }
      const data = source.kind === "configmap" ? configMapData(object as ConfigMap) : secretData(object as Secret);
      for (const item of source.items ?? []) {
        if (!(item.key in data) && !source.optional) return `${prefix}${source.kind} references non-existent config key: ${item.key}`;
      }
    }
  }
  return undefined;
}
