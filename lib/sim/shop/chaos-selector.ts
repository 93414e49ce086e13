/**
 * What Chaos Mesh's controller decides before injecting anything: whether an experiment is
 * running (not paused, not past its `duration`), and which pods its selector and mode pick.
 * Mode choices (`one`, `fixed`, percentages) are deterministic per experiment UID, so the same
 * experiment keeps hitting the same pods, as an injected experiment does.
 */
import type { Pod } from "../controllers/api-types";
import type { K8sObject } from "../types";

/** Chaos Mesh's pause annotation. */
export const CHAOS_PAUSE_ANNOTATION = "experiment.chaos-mesh.org/pause";

interface ChaosSelector {
  namespaces?: string[];
  labelSelectors?: Record<string, string>;
  pods?: Record<string, string[]>;
}

/** Parse a Go duration ("90s", "5m", "1h30m", "500ms") into milliseconds; undefined when invalid. */
export function parseGoDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(re)) {
    total += Number(match[1]) * (units[match[2] ?? ""] ?? 0);
    consumed += match[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

/** Whether an experiment (or DatabaseFault) is in effect now: not being deleted, not paused, within its duration. */
export function isExperimentActive(object: K8sObject, nowMs: number): boolean {
  if (object.metadata.deletionTimestamp) return false;
  if (object.metadata.annotations?.[CHAOS_PAUSE_ANNOTATION] === "true") return false;
  const spec = (object.spec ?? {}) as { duration?: string };
  if (spec.duration) {
    const ms = parseGoDuration(spec.duration);
    const created = Date.parse(object.metadata.creationTimestamp);
    if (ms !== undefined && !Number.isNaN(created) && nowMs >= created + ms) return false;
  }
  return true;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function matchesSelector(selector: ChaosSelector, pod: Pod, defaultNamespace: string): boolean {
  const namespace = pod.metadata.namespace ?? "";
  if (selector.pods) {
    return (selector.pods[namespace] ?? []).includes(pod.metadata.name);
  }
  const namespaces = selector.namespaces && selector.namespaces.length > 0 ? selector.namespaces : [defaultNamespace];
  if (!namespaces.includes(namespace)) return false;
  for (const [key, value] of Object.entries(selector.labelSelectors ?? {})) {
    if (pod.metadata.labels?.[key] !== value) return false;
  }
  return true;
}

function countFor(mode: string, value: string | undefined, candidates: number): number {
  const n = Number(value ?? "");
  switch (mode) {
    case "one":
      return Math.min(1, candidates);
    case "fixed":
      return Math.min(candidates, Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 1);
    case "fixed-percent":
    case "random-max-percent":
      return Math.min(candidates, Math.floor((candidates * (Number.isFinite(n) ? n : 100)) / 100));
    default:
      return candidates;
  }
}

/**
 * Names of the pods (`namespace/name`) an experiment's selector and mode pick among `pods`.
 * Only running pods are candidates, as Chaos Mesh injects into running containers.
 */
export function selectChaosPods(experiment: K8sObject, selector: unknown, mode: string | undefined, value: string | undefined, pods: Iterable<Pod>): Set<string> {
  const candidates: Pod[] = [];
  for (const pod of pods) {
    if (pod.status?.phase !== "Running") continue;
    if (matchesSelector((selector ?? {}) as ChaosSelector, pod, experiment.metadata.namespace ?? "default")) candidates.push(pod);
  }
  const count = countFor(mode ?? "all", value, candidates.length);
  const seed = experiment.metadata.uid;
  candidates.sort((a, b) => hash(`${seed}/${a.metadata.name}`) - hash(`${seed}/${b.metadata.name}`));
  return new Set(candidates.slice(0, count).map((pod) => `${pod.metadata.namespace}/${pod.metadata.name}`));
}
