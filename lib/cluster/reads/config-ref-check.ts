/**
 * Which ConfigMaps and Secrets a pod template references (env, envFrom, volumes, projected
 * volumes, image pull secrets) and whether each object and key exists. Pure: works on key names
 * only, so Secret values are never needed.
 */
import type { V1PodSpec } from "@kubernetes/client-node";

/** The key names of one ConfigMap or Secret (never the values). */
export interface ObjectKeys {
  name: string;
  keys: string[];
  /** Secret type (Opaque, kubernetes.io/tls...); absent for ConfigMaps. */
  type?: string;
}

export interface ConfigRef {
  kind: "ConfigMap" | "Secret";
  name: string;
  /** Absent when the whole object is referenced (envFrom, a volume without items). */
  key?: string;
  /** `container app env DB_PASSWORD`, `volume config`, `imagePullSecrets` */
  usedBy: string;
  optional: boolean;
}

export interface CheckedConfigRef extends ConfigRef {
  objectExists: boolean;
  /** Undefined when no key is referenced or the object is missing. */
  keyExists?: boolean;
  /** True when a non-optional reference is broken (the pod cannot start). */
  broken: boolean;
}

/** Every ConfigMap/Secret reference of a pod spec. */
export function configRefsOf(spec: V1PodSpec | undefined): ConfigRef[] {
  if (!spec) return [];
  const refs: ConfigRef[] = [];
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const env of container.env ?? []) {
      const cm = env.valueFrom?.configMapKeyRef;
      const secret = env.valueFrom?.secretKeyRef;
      if (cm) refs.push({ kind: "ConfigMap", name: cm.name ?? "", key: cm.key, usedBy: `container ${container.name} env ${env.name}`, optional: cm.optional ?? false });
      if (secret) refs.push({ kind: "Secret", name: secret.name ?? "", key: secret.key, usedBy: `container ${container.name} env ${env.name}`, optional: secret.optional ?? false });
    }
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef) refs.push({ kind: "ConfigMap", name: source.configMapRef.name ?? "", usedBy: `container ${container.name} envFrom`, optional: source.configMapRef.optional ?? false });
      if (source.secretRef) refs.push({ kind: "Secret", name: source.secretRef.name ?? "", usedBy: `container ${container.name} envFrom`, optional: source.secretRef.optional ?? false });
    }
  }
  for (const volume of spec.volumes ?? []) {
    const usedBy = `volume ${volume.name}`;
    if (volume.configMap) {
      const items = volume.configMap.items ?? [];
      if (items.length === 0) refs.push({ kind: "ConfigMap", name: volume.configMap.name ?? "", usedBy, optional: volume.configMap.optional ?? false });
      for (const item of items) refs.push({ kind: "ConfigMap", name: volume.configMap.name ?? "", key: item.key, usedBy, optional: volume.configMap.optional ?? false });
    }
    if (volume.secret) {
      const items = volume.secret.items ?? [];
      if (items.length === 0) refs.push({ kind: "Secret", name: volume.secret.secretName ?? "", usedBy, optional: volume.secret.optional ?? false });
      for (const item of items) refs.push({ kind: "Secret", name: volume.secret.secretName ?? "", key: item.key, usedBy, optional: volume.secret.optional ?? false });
    }
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap) refs.push({ kind: "ConfigMap", name: source.configMap.name ?? "", usedBy, optional: source.configMap.optional ?? false });
      if (source.secret) refs.push({ kind: "Secret", name: source.secret.name ?? "", usedBy, optional: source.secret.optional ?? false });
    }
  }
  for (const pullSecret of spec.imagePullSecrets ?? []) refs.push({ kind: "Secret", name: pullSecret.name ?? "", usedBy: "imagePullSecrets", optional: true });
  return refs;
}

/** Checks references against the key names of the namespace's ConfigMaps and Secrets. */
export function checkConfigRefs(refs: readonly ConfigRef[], configMaps: readonly ObjectKeys[], secrets: readonly ObjectKeys[]): CheckedConfigRef[] {
  return refs.map((ref) => {
    const object = (ref.kind === "ConfigMap" ? configMaps : secrets).find((o) => o.name === ref.name);
    const keyExists = object && ref.key !== undefined ? object.keys.includes(ref.key) : undefined;
    const broken = !ref.optional && (!object || keyExists === false);
    return { ...ref, objectExists: object !== undefined, ...(keyExists !== undefined ? { keyExists } : {}), broken };
  });
}
