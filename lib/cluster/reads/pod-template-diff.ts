/**
 * What changed between two pod templates (two rollout revisions), field by field, like comparing
 * two `kubectl rollout history --revision=N` outputs: images, command/args, env, resources,
 * ports, probes, and the pod-level scheduling fields. Pure.
 */
import type { V1Container, V1PodTemplateSpec } from "@kubernetes/client-node";
import { formatEnvFrom, formatEnvVar } from "./env-format";

export interface TemplateChange {
  /** `containers[app].image`, `containers[app].env`, `nodeSelector` */
  field: string;
  /** Absent when the field was added. */
  before?: string;
  /** Absent when the field was removed. */
  after?: string;
}

/** JSON with sorted keys, so equal objects compare equal whatever the key order. */
export function stableJson(value: unknown): string {
  if (value === undefined) return "";
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

function describeValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) return undefined;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return JSON.stringify(value);
  return stableJson(value);
}

function compare(changes: TemplateChange[], field: string, before: unknown, after: unknown): void {
  const b = describeValue(before);
  const a = describeValue(after);
  if (b === a) return;
  changes.push({ field, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
}

function compareEnv(changes: TemplateChange[], prefix: string, before: V1Container | undefined, after: V1Container | undefined): void {
  const beforeEnv = new Map((before?.env ?? []).map((e) => [e.name, formatEnvVar(e)]));
  const afterEnv = new Map((after?.env ?? []).map((e) => [e.name, formatEnvVar(e)]));
  for (const name of new Set([...beforeEnv.keys(), ...afterEnv.keys()])) {
    const b = beforeEnv.get(name);
    const a = afterEnv.get(name);
    if (b !== a) changes.push({ field: `${prefix}.env[${name}]`, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  }
  compare(changes, `${prefix}.envFrom`, (before?.envFrom ?? []).map(formatEnvFrom), (after?.envFrom ?? []).map(formatEnvFrom));
}

function compareContainers(changes: TemplateChange[], kind: "containers" | "initContainers", before: V1Container[], after: V1Container[]): void {
  const names = [...new Set([...before.map((c) => c.name), ...after.map((c) => c.name)])];
  for (const name of names) {
    const b = before.find((c) => c.name === name);
    const a = after.find((c) => c.name === name);
    const prefix = `${kind}[${name}]`;
    if (!b || !a) {
      changes.push({ field: prefix, ...(b ? { before: `container ${name} (${b.image ?? ""})` } : {}), ...(a ? { after: `container ${name} (${a.image ?? ""})` } : {}) });
      continue;
    }
    compare(changes, `${prefix}.image`, b.image, a.image);
    compare(changes, `${prefix}.command`, b.command, a.command);
    compare(changes, `${prefix}.args`, b.args, a.args);
    compareEnv(changes, prefix, b, a);
    compare(changes, `${prefix}.resources`, b.resources, a.resources);
    compare(changes, `${prefix}.ports`, b.ports, a.ports);
    compare(changes, `${prefix}.livenessProbe`, b.livenessProbe, a.livenessProbe);
    compare(changes, `${prefix}.readinessProbe`, b.readinessProbe, a.readinessProbe);
    compare(changes, `${prefix}.startupProbe`, b.startupProbe, a.startupProbe);
    compare(changes, `${prefix}.volumeMounts`, b.volumeMounts, a.volumeMounts);
  }
}

/** Field-level changes from `before` to `after`; empty when the templates are equivalent. */
export function diffPodTemplates(before: V1PodTemplateSpec | undefined, after: V1PodTemplateSpec | undefined): TemplateChange[] {
  const changes: TemplateChange[] = [];
  const b = before?.spec;
  const a = after?.spec;
  compareContainers(changes, "initContainers", b?.initContainers ?? [], a?.initContainers ?? []);
  compareContainers(changes, "containers", b?.containers ?? [], a?.containers ?? []);
  compare(changes, "nodeSelector", b?.nodeSelector, a?.nodeSelector);
  compare(changes, "affinity", b?.affinity, a?.affinity);
  compare(changes, "tolerations", b?.tolerations, a?.tolerations);
  compare(changes, "serviceAccountName", b?.serviceAccountName, a?.serviceAccountName);
  compare(changes, "volumes", b?.volumes, a?.volumes);
  // pod-template-hash differs between every two ReplicaSets; it is not a change anyone made.
  const labels = (t: V1PodTemplateSpec | undefined) => Object.fromEntries(Object.entries(t?.metadata?.labels ?? {}).filter(([k]) => k !== "pod-template-hash"));
  compare(changes, "labels", labels(before), labels(after));
  return changes;
}
