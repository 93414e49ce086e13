/**
 * Per-container CPU and memory usage. Every running container uses its image's baseline
 * (ramping up while it starts); a pluggable `PodResourceModel` adds load-driven usage and leaks
 * (the demo application's traffic model plugs in here). The kubelet compares memory with
 * `resources.limits.memory` to OOM-kill, and exposes the same numbers for metrics.
 */

/** Usage of one container at one instant. */
export interface ContainerUsage {
  memoryBytes: number;
  cpuMillicores: number;
}

/** What a resource model knows about the container it is asked about. */
export interface ContainerUsageContext {
  namespace: string;
  pod: string;
  podUid: string;
  podLabels: Record<string, string>;
  nodeName: string;
  container: string;
  /** Image as written in the pod spec. */
  image: string;
  /** Container id of the running instance (changes on every restart). */
  containerId: string;
  restartCount: number;
  /** Simulated instant the instance started, and now. */
  startedAtMs: number;
  nowMs: number;
  /** Image baseline after start-up ramp. */
  baseline: ContainerUsage;
  /** `resources.limits`, when set. */
  limits: Partial<ContainerUsage>;
  /** Container environment (the model may key behaviour on config, e.g. a cache size). */
  env: Readonly<Record<string, string>>;
}

/**
 * Hook for usage beyond the image baseline. Return the extra usage to add (load, leaks), or
 * undefined for none. Called for every running container on each kubelet housekeeping pass,
 * so keep it cheap and deterministic (derive noise from the context, not `Math.random`).
 */
export interface PodResourceModel {
  extraUsage(context: ContainerUsageContext): Partial<ContainerUsage> | undefined;
}

/** Seconds over which a starting process grows from 40% to 100% of its baseline. */
const RAMP_MS = 5000;

/** Baseline usage of a container `ageMs` after start. */
export function rampedBaseline(baseline: ContainerUsage, ageMs: number): ContainerUsage {
  const factor = ageMs >= RAMP_MS ? 1 : 0.4 + (0.6 * Math.max(0, ageMs)) / RAMP_MS;
  return { memoryBytes: Math.round(baseline.memoryBytes * factor), cpuMillicores: baseline.cpuMillicores * factor };
}

const seeds = new Map<string, number>();

function seedOf(text: string): number {
  let seed = seeds.get(text);
  if (seed === undefined) {
    seed = 2166136261;
    for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619) >>> 0;
    if (seeds.size > 10_000) seeds.clear();
    seeds.set(text, seed);
  }
  return seed;
}

/** Small deterministic jitter (±2%) from a string and a time bucket, so graphs aren't flat lines. */
export function jitter(seed: string, bucket: number): number {
  let hash = (seedOf(seed) ^ Math.imul(bucket | 0, 0x9e3779b1)) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 15), 0x85ebca6b) >>> 0;
  hash = (hash ^ (hash >>> 13)) >>> 0;
  return 1 + ((hash % 4001) - 2000) / 100_000;
}

/** Total usage: baseline + model extra, CPU throttled at its limit (CFS quota), memory not capped (that is OOM's job). */
export function computeUsage(context: Omit<ContainerUsageContext, "baseline">, imageBaseline: ContainerUsage, model: PodResourceModel | undefined): ContainerUsage {
  const baseline = rampedBaseline(imageBaseline, context.nowMs - context.startedAtMs);
  const noise = jitter(context.containerId, Math.floor(context.nowMs / 10_000));
  const extra = model?.extraUsage({ ...context, baseline }) ?? {};
  const memoryBytes = Math.max(0, Math.round(baseline.memoryBytes * noise + (extra.memoryBytes ?? 0)));
  let cpuMillicores = Math.max(0, baseline.cpuMillicores * noise + (extra.cpuMillicores ?? 0));
  if (context.limits.cpuMillicores !== undefined) cpuMillicores = Math.min(cpuMillicores, context.limits.cpuMillicores);
  return { memoryBytes, cpuMillicores };
}
