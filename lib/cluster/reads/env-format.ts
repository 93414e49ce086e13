/**
 * One line per env var in the form redaction understands: `NAME=value` for literal values (so a
 * secret-looking NAME gets its value redacted), and `NAME from secret s key k` for references
 * (never resolved: the value of a Secret is not read).
 */
import type { V1EnvFromSource, V1EnvVar } from "@kubernetes/client-node";

/** `DB_HOST=db`, `DB_PASSWORD from secret db-creds key password`, `POD_IP from field status.podIP`. */
export function formatEnvVar(env: V1EnvVar): string {
  if (env.value !== undefined) return `${env.name}=${env.value}`;
  const from = env.valueFrom;
  if (from?.secretKeyRef) return `${env.name} from secret ${from.secretKeyRef.name ?? ""} key ${from.secretKeyRef.key}${from.secretKeyRef.optional ? " (optional)" : ""}`;
  if (from?.configMapKeyRef) return `${env.name} from configmap ${from.configMapKeyRef.name ?? ""} key ${from.configMapKeyRef.key}${from.configMapKeyRef.optional ? " (optional)" : ""}`;
  if (from?.fieldRef) return `${env.name} from field ${from.fieldRef.fieldPath}`;
  if (from?.resourceFieldRef) return `${env.name} from resource ${from.resourceFieldRef.resource}`;
  return `${env.name}=`;
}

/** `all keys of configmap app-config`, `all keys of secret db-creds (prefix DB_)`. */
export function formatEnvFrom(source: V1EnvFromSource): string {
  const prefix = source.prefix ? ` (prefix ${source.prefix})` : "";
  if (source.configMapRef) return `all keys of configmap ${source.configMapRef.name ?? ""}${prefix}`;
  if (source.secretRef) return `all keys of secret ${source.secretRef.name ?? ""}${prefix}`;
  return "unknown envFrom source";
}
