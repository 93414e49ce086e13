/**
 * One pod on one node, as the kubelet runs it: per container, image pull (with ErrImagePull /
 * ImagePullBackOff), configuration (CreateContainerConfigError, FailedMount), create and start
 * (StartError when the executable is missing), the running process (logs, listening ports, own
 * exit), probes, OOM kills, and restarts with CrashLoopBackOff back-off. Init containers run to
 * completion first. `sync` advances the state to "now" and says when it next needs to run.
 */
import type { SeededRandom } from "../rng";
import { lookupImage, parseImageReference, pullErrorMessage, type ImageLookup, type ImageTagSpec } from "../images";
import { parseBytes, parseCpuMillis, tryParseQuantity } from "../quantity";
import type { Container, ContainerStateTerminated, Pod } from "../controllers/api-types";
import type { EventSink, EventType } from "../controllers/events";
import { BACKOFF_RESET_MS, backoffDelayMs } from "./backoff";
import { checkVolumes, resolveContainerEnv, type ConfigLookup } from "./container-config";
import { ContainerLogs } from "./logs";
import { planProcess, type RunningProcessPlan } from "./process";
import { probeEventMessage, probeTiming, runProbe, type HttpResponder, type ProbeKind, type ProbeTiming } from "./probes";
import { computeUsage, type ContainerUsage, type PodResourceModel } from "./resource-model";

/** What a pod runtime needs from the kubelet around it. */
export interface LifecycleServices {
  nowMs(): number;
  rng: SeededRandom;
  events: EventSink;
  config: ConfigLookup;
  /** Images present on nodes, by `repository@digest`. */
  imageCache: { has(node: string, image: string): boolean; add(node: string, image: string): void };
  resourceModel(): PodResourceModel | undefined;
  /** Application-level HTTP answers (probes), when a model is installed. */
  httpResponder(): HttpResponder | undefined;
}

const formatted = new Map<number, string>();

/** RFC 3339 at second precision, as the API writes container timestamps (memoised: the same few instants recur). */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  let text = formatted.get(second);
  if (text === undefined) {
    text = new Date(second * 1000).toISOString().replace(".000Z", "Z");
    if (formatted.size > 4096) formatted.clear();
    formatted.set(second, text);
  }
  return text;
}

/** Go's duration print for pull times: "512ms", "1.234s". */
function formatPullDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(3).replace(/0+$/, "").replace(/\.$/, "")}s`;
}

/** Time to create the pod sandbox (network namespace, IP) before any container work starts. */
export const SANDBOX_SETUP_MS = 1000;
/** How long after a failure the status flips from ErrImagePull / Error to the back-off reason. */
const BACKOFF_VISIBLE_AFTER_MS = 1000;
/** Retry period of configuration and mount failures. */
const CONFIG_RETRY_MS = 10_000;
/** Container ids are 64 hex digits, like containerd's. */
const HEX = "0123456789abcdef";

interface ProbeState {
  timing: ProbeTiming;
  nextAtMs: number;
  successes: number;
  failures: number;
}

interface RunningInstance {
  containerId: string;
  startedAtMs: number;
  plan: RunningProcessPlan;
  logCursor: number;
  listening: Set<number>;
  env: Record<string, string>;
  image: ImageTagSpec;
}

/** Where a container is in its life. */
export type ContainerStage =
  | { kind: "new" }
  | { kind: "pulling"; startedAtMs: number; doneAtMs: number }
  | { kind: "pull-failed"; message: string; failedAtMs: number; retryAtMs: number; backOffShown: boolean }
  | { kind: "invalid-image"; message: string }
  | { kind: "never-pull"; message: string }
  | { kind: "mount-failed"; message: string; retryAtMs: number }
  | { kind: "config-error"; message: string; retryAtMs: number }
  | { kind: "running"; instance: RunningInstance }
  | { kind: "exited"; terminated: ContainerStateTerminated; finishedAtMs: number; restartAtMs?: number; delayMs: number; backOffShown: boolean };

/** Runtime state of one container. */
export interface ContainerRuntime {
  name: string;
  isInit: boolean;
  spec: Container;
  stage: ContainerStage;
  restartCount: number;
  /** Set when a new instance replaces an exited one: count a restart at create time. */
  restarting: boolean;
  lastTerminated?: ContainerStateTerminated;
  /** Consecutive failed runs (restart back-off). */
  crashLoops: number;
  pullFailures: number;
  lookup?: ImageLookup;
  logs: ContainerLogs;
  ready: boolean;
  started: boolean;
  probes: Partial<Record<ProbeKind, ProbeState>>;
}

function newContainer(spec: Container, isInit: boolean): ContainerRuntime {
  return {
    name: spec.name,
    isInit,
    spec,
    stage: { kind: "new" },
    restartCount: 0,
    restarting: false,
    crashLoops: 0,
    pullFailures: 0,
    logs: new ContainerLogs(),
    ready: false,
    started: false,
    probes: {},
  };
}

function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  if (image.includes("@")) return "IfNotPresent";
  const last = image.slice(image.lastIndexOf("/") + 1);
  const colon = last.lastIndexOf(":");
  return colon < 0 || last.slice(colon + 1) === "latest" ? "Always" : "IfNotPresent";
}

/** Parsed limits per container spec object (specs are replaced, never mutated, so identity is a safe key). */
const parsedLimits = new WeakMap<Container, { memory?: number; cpu?: number }>();

function limitsOf(container: Container): { memory?: number; cpu?: number } {
  let limits = parsedLimits.get(container);
  if (!limits) {
    limits = {};
    const memory = container.resources?.limits?.memory;
    const cpu = container.resources?.limits?.cpu;
    if (memory !== undefined && tryParseQuantity(memory) !== undefined) limits.memory = parseBytes(memory);
    if (cpu !== undefined && tryParseQuantity(cpu) !== undefined) limits.cpu = parseCpuMillis(cpu);
    parsedLimits.set(container, limits);
  }
  return limits;
}

function memoryLimit(container: Container): number | undefined {
  return limitsOf(container).memory;
}

function cpuLimit(container: Container): number | undefined {
  return limitsOf(container).cpu;
}

/** One pod's containers on a node. */
export class PodRuntime {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly nodeName: string;
  readonly nodeUid: string;
  readonly hostIP: string;
  readonly podIP: string;
  readonly startTimeMs: number;
  /** When the sandbox (and the pod IP) is ready; containers start after it. */
  readonly sandboxReadyAtMs: number;
  readonly restartPolicy: "Always" | "OnFailure" | "Never";
  readonly initContainers: ContainerRuntime[];
  readonly containers: ContainerRuntime[];
  /** Next simulated instant `sync` has work to do (Infinity: only on changes). */
  wakeAtMs = 0;
  /** Containers were stopped because the pod is being deleted. */
  stopped = false;
  /** Keys of labels, for the resource model. */
  labels: Record<string, string>;

  constructor(pod: Pod, options: { nodeName: string; nodeUid?: string; hostIP: string; podIP: string; nowMs: number; sandboxReadyAtMs?: number }) {
    this.uid = pod.metadata.uid;
    this.namespace = pod.metadata.namespace ?? "default";
    this.name = pod.metadata.name;
    this.nodeName = options.nodeName;
    this.nodeUid = options.nodeUid ?? options.nodeName;
    this.hostIP = options.hostIP;
    this.podIP = options.podIP;
    this.startTimeMs = options.nowMs;
    this.sandboxReadyAtMs = options.sandboxReadyAtMs ?? options.nowMs + SANDBOX_SETUP_MS;
    this.restartPolicy = pod.spec.restartPolicy ?? "Always";
    this.initContainers = (pod.spec.initContainers ?? []).map((c) => newContainer(c, true));
    this.containers = (pod.spec.containers ?? []).map((c) => newContainer(c, false));
    this.labels = { ...(pod.metadata.labels ?? {}) };
  }

  /** All init containers completed successfully. */
  initialized(): boolean {
    return this.initContainers.every((c) => c.stage.kind === "exited" && c.stage.terminated.exitCode === 0 && c.stage.restartAtMs === undefined);
  }

  /** Find a container (app or init) by name. */
  container(name: string): ContainerRuntime | undefined {
    return this.containers.find((c) => c.name === name) ?? this.initContainers.find((c) => c.name === name);
  }

  /** Advance every container to now; returns whether anything visible changed. */
  sync(pod: Pod, svc: LifecycleServices): boolean {
    let changed = this.applySpecChanges(pod, svc);
    this.labels = { ...(pod.metadata.labels ?? {}) };
    if (this.stopped) return changed;
    if (svc.nowMs() < this.sandboxReadyAtMs) {
      this.wakeAtMs = this.sandboxReadyAtMs;
      return changed;
    }
    let initDone = true;
    for (const c of this.initContainers) {
      changed = this.advance(c, pod, svc) || changed;
      if (!(c.stage.kind === "exited" && c.stage.terminated.exitCode === 0 && c.stage.restartAtMs === undefined)) {
        initDone = false;
        break;
      }
    }
    if (initDone) for (const c of this.containers) changed = this.advance(c, pod, svc) || changed;
    this.wakeAtMs = this.nextWake(initDone);
    return changed;
  }

  /** Pod deleted: stop what runs (Killing events), nothing restarts. */
  stopAll(pod: Pod | undefined, svc: LifecycleServices): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const c of [...this.initContainers, ...this.containers]) {
      if (c.stage.kind !== "running") continue;
      if (pod) this.event(svc, pod, c, "Normal", "Killing", `Stopping container ${c.name}`);
      else this.eventByRef(svc, c, "Normal", "Killing", `Stopping container ${c.name}`);
      this.terminate(c, svc, { exitCode: 0, reason: "Completed" }, false);
    }
    this.wakeAtMs = Infinity;
  }

  /** Current usage of a running container (baseline + model), or undefined when not running. */
  usage(c: ContainerRuntime, svc: LifecycleServices): ContainerUsage | undefined {
    if (c.stage.kind !== "running") return undefined;
    const instance = c.stage.instance;
    const limits: Partial<ContainerUsage> = {};
    const mem = memoryLimit(c.spec);
    const cpu = cpuLimit(c.spec);
    if (mem !== undefined) limits.memoryBytes = mem;
    if (cpu !== undefined) limits.cpuMillicores = cpu;
    return computeUsage(
      {
        namespace: this.namespace,
        pod: this.name,
        podUid: this.uid,
        podLabels: this.labels,
        nodeName: this.nodeName,
        container: c.name,
        image: c.spec.image ?? "",
        containerId: instance.containerId,
        restartCount: c.restartCount,
        startedAtMs: instance.startedAtMs,
        nowMs: svc.nowMs(),
        limits,
        env: instance.env,
      },
      { memoryBytes: instance.image.baseline.memoryBytes, cpuMillicores: instance.image.baseline.cpuMillicores },
      svc.resourceModel(),
    );
  }

  /** True when a running container is above its memory limit (the kubelet checks this every tick). */
  overMemoryLimit(svc: LifecycleServices): boolean {
    for (const c of this.containers) {
      if (c.stage.kind !== "running") continue;
      const limit = memoryLimit(c.spec);
      if (limit === undefined) continue;
      const usage = this.usage(c, svc);
      if (usage && usage.memoryBytes > limit) return true;
    }
    return false;
  }

  /** The sandbox exists: the pod has its IP. */
  sandboxReady(nowMs: number): boolean {
    return nowMs >= this.sandboxReadyAtMs;
  }

  /** Whether a process of this pod accepts connections on a port now. */
  isListening(port: number): boolean {
    return this.containers.some((c) => c.stage.kind === "running" && c.stage.instance.listening.has(port));
  }

  // ---- spec changes ------------------------------------------------------------------------

  private applySpecChanges(pod: Pod, svc: LifecycleServices): boolean {
    let changed = false;
    const update = (list: ContainerRuntime[], specs: Container[] | undefined) => {
      for (const spec of specs ?? []) {
        const c = list.find((x) => x.name === spec.name);
        if (!c || c.spec.image === spec.image) {
          if (c) c.spec = spec;
          continue;
        }
        changed = true;
        c.spec = spec;
        c.pullFailures = 0;
        c.lookup = undefined;
        if (c.stage.kind === "running") {
          this.event(svc, pod, c, "Normal", "Killing", `Container ${c.name} definition changed, will be restarted`);
          this.terminate(c, svc, { exitCode: 0, reason: "Completed" }, false);
        }
        if (c.stage.kind === "exited") {
          c.lastTerminated = c.stage.terminated;
          c.restarting = true;
        }
        // A new definition restarts at once: back-off belongs to the old one.
        c.crashLoops = 0;
        c.stage = { kind: "new" };
      }
    };
    update(this.initContainers, pod.spec.initContainers);
    update(this.containers, pod.spec.containers);
    return changed;
  }

  // ---- the state machine -------------------------------------------------------------------

  private advance(c: ContainerRuntime, pod: Pod, svc: LifecycleServices): boolean {
    let changed = false;
    // A few transitions can happen at the same instant (pulled → created → started → exited).
    for (let i = 0; i < 8; i++) {
      if (!this.step(c, pod, svc)) break;
      changed = true;
    }
    return changed;
  }

  private step(c: ContainerRuntime, pod: Pod, svc: LifecycleServices): boolean {
    const now = svc.nowMs();
    const stage = c.stage;
    switch (stage.kind) {
      case "new":
        return this.beginImage(c, pod, svc);
      case "pulling":
        if (now < stage.doneAtMs) return false;
        return this.finishPull(c, pod, svc, stage.doneAtMs - stage.startedAtMs);
      case "pull-failed":
        if (!stage.backOffShown && now >= stage.failedAtMs + BACKOFF_VISIBLE_AFTER_MS && now < stage.retryAtMs) {
          stage.backOffShown = true;
          this.event(svc, pod, c, "Normal", "BackOff", `Back-off pulling image "${c.spec.image ?? ""}"`);
          this.event(svc, pod, c, "Warning", "Failed", "Error: ImagePullBackOff");
          return true;
        }
        if (now < stage.retryAtMs) return false;
        c.lookup = undefined;
        return this.startPull(c, pod, svc);
      case "invalid-image":
      case "never-pull":
        return false;
      case "mount-failed":
      case "config-error":
        if (now < stage.retryAtMs) return false;
        return this.createContainer(c, pod, svc);
      case "running":
        return this.advanceRunning(c, pod, svc);
      case "exited":
        if (stage.restartAtMs === undefined) return false;
        if (!stage.backOffShown && now >= stage.finishedAtMs + BACKOFF_VISIBLE_AFTER_MS && now < stage.restartAtMs) {
          stage.backOffShown = true;
          this.event(svc, pod, c, "Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${this.name}_${this.namespace}(${this.uid})`);
          return true;
        }
        if (now < stage.restartAtMs) return false;
        c.lastTerminated = stage.terminated;
        c.restarting = true;
        c.stage = { kind: "new" };
        return true;
    }
  }

  /** Retry configuration now (a ConfigMap or Secret changed). */
  retryConfigNow(): boolean {
    let any = false;
    for (const c of [...this.initContainers, ...this.containers]) {
      if (c.stage.kind === "config-error" || c.stage.kind === "mount-failed") {
        c.stage.retryAtMs = 0;
        any = true;
      }
    }
    if (any) this.wakeAtMs = 0;
    return any;
  }

  private beginImage(c: ContainerRuntime, pod: Pod, svc: LifecycleServices): boolean {
    const image = c.spec.image ?? "";
    const parsed = parseImageReference(image);
    if (!parsed.ok) {
      const message = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${parsed.error}`;
      c.stage = { kind: "invalid-image", message };
      this.event(svc, pod, c, "Warning", "InspectFailed", message);
      this.event(svc, pod, c, "Warning", "Failed", "Error: InvalidImageName");
      return true;
    }
    const lookup = lookupImage(parsed.reference);
    c.lookup = lookup;
    const policy = c.spec.imagePullPolicy ?? defaultPullPolicy(image);
    const present = lookup.found && svc.imageCache.has(this.nodeName, `${lookup.reference.repository}@${lookup.digest}`);
    if (policy === "Never" && !present) {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      c.stage = { kind: "never-pull", message };
      this.event(svc, pod, c, "Warning", "ErrImageNeverPull", message);
      return true;
    }
    if (present && policy !== "Always") {
      this.event(svc, pod, c, "Normal", "Pulled", `Container image "${image}" already present on machine`);
      return this.createContainer(c, pod, svc);
    }
    return this.startPull(c, pod, svc);
  }

  private startPull(c: ContainerRuntime, pod: Pod, svc: LifecycleServices): boolean {
    const image = c.spec.image ?? "";
    if (!c.lookup) {
      const parsed = parseImageReference(image);
      if (!parsed.ok) return this.beginImage(c, pod, svc);
      c.lookup = lookupImage(parsed.reference);
    }
    const lookup = c.lookup;
    const now = svc.nowMs();
    this.event(svc, pod, c, "Normal", "Pulling", `Pulling image "${image}"`);
    let duration: number;
    if (!lookup.found) duration = 400 + svc.rng.int(0, 800);
    else if (svc.imageCache.has(this.nodeName, `${lookup.reference.repository}@${lookup.digest}`)) duration = 200 + svc.rng.int(0, 400);
    else duration = 800 + Math.round(lookup.spec.sizeBytes / (60 * 2 ** 20) * 1000) + svc.rng.int(0, 600);
    c.stage = { kind: "pulling", startedAtMs: now, doneAtMs: now + duration };
    return true;
  }

  private finishPull(c: ContainerRuntime, pod: Pod, svc: LifecycleServices, tookMs: number): boolean {
    const image = c.spec.image ?? "";
    const lookup = c.lookup;
    const now = svc.nowMs();
    if (lookup?.found) {
      svc.imageCache.add(this.nodeName, `${lookup.reference.repository}@${lookup.digest}`);
      c.pullFailures = 0;
      const took = formatPullDuration(tookMs);
      this.event(svc, pod, c, "Normal", "Pulled", `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${lookup.spec.sizeBytes} bytes.`);
      return this.createContainer(c, pod, svc);
    }
    c.pullFailures++;
    const message = lookup ? pullErrorMessage(lookup) : "rpc error: code = Unknown desc = invalid image";
    this.event(svc, pod, c, "Warning", "Failed", `Failed to pull image "${image}": ${message}`);
    this.event(svc, pod, c, "Warning", "Failed", "Error: ErrImagePull");
    c.stage = { kind: "pull-failed", message, failedAtMs: now, retryAtMs: now + backoffDelayMs(c.pullFailures), backOffShown: false };
    return true;
  }

  private createContainer(c: ContainerRuntime, pod: Pod, svc: LifecycleServices): boolean {
    const now = svc.nowMs();
    const mountError = checkVolumes(pod, c.spec, svc.config);
    if (mountError) {
      this.event(svc, pod, undefined, "Warning", "FailedMount", mountError);
      c.stage = { kind: "mount-failed", message: mountError, retryAtMs: now + CONFIG_RETRY_MS };
      return true;
    }
    const env = resolveContainerEnv(pod, c.spec, svc.config);
    if (!env.ok) {
      this.event(svc, pod, c, "Warning", "Failed", `Error: ${env.message}`);
      c.stage = { kind: "config-error", message: env.message, retryAtMs: now + CONFIG_RETRY_MS };
      return true;
    }
    const lookup = c.lookup;
    if (!lookup?.found) {
      c.stage = { kind: "new" };
      return false;
    }
    if (c.restarting) {
      c.restartCount++;
      c.restarting = false;
    }
    const containerId = this.newContainerId(svc);
    c.logs.startInstance(containerId);
    this.event(svc, pod, c, "Normal", "Created", `Created container: ${c.name}`);
    const plan = planProcess({ image: lookup.spec, command: c.spec.command, args: c.spec.args, env: env.env });
    if (plan.kind === "start-error") {
      this.event(svc, pod, c, "Warning", "Failed", `Error: ${plan.message}`);
      // The runtime never started the process: StartError with the zero start time containerd reports.
      this.exited(c, { exitCode: 128, reason: "StartError", message: plan.message, startedAt: "1970-01-01T00:00:00Z", finishedAt: rfc3339(now), containerID: containerId }, now, now);
      return true;
    }
    c.stage = { kind: "running", instance: { containerId, startedAtMs: now, plan, logCursor: 0, listening: new Set(), env: env.env, image: lookup.spec } };
    this.event(svc, pod, c, "Normal", "Started", `Started container ${c.name}`);
    c.probes = {};
    for (const [kind, probe] of [
      ["Startup", c.spec.startupProbe],
      ["Liveness", c.spec.livenessProbe],
      ["Readiness", c.spec.readinessProbe],
    ] as const) {
      if (!probe || c.isInit) continue;
      const timing = probeTiming(probe);
      c.probes[kind] = { timing, nextAtMs: now + timing.initialDelayMs, successes: 0, failures: 0 };
    }
    c.started = !c.probes.Startup;
    c.ready = c.started && !c.probes.Readiness && !c.isInit;
    return true;
  }

  private advanceRunning(c: ContainerRuntime, pod: Pod, svc: LifecycleServices): boolean {
    if (c.stage.kind !== "running") return false;
    const instance = c.stage.instance;
    const now = svc.nowMs();
    let changed = false;
    this.flushLogs(c, instance, now);
    const plan = instance.plan;
    if (plan.listen && instance.listening.size === 0 && now >= instance.startedAtMs + plan.listen.afterMs) {
      for (const port of plan.listen.ports) instance.listening.add(port);
    }
    if (plan.exit && now >= instance.startedAtMs + plan.exit.afterMs) {
      const code = plan.exit.code;
      this.terminate(c, svc, { exitCode: code, reason: code === 0 ? "Completed" : "Error" }, true);
      return true;
    }
    const limit = memoryLimit(c.spec);
    if (limit !== undefined) {
      const usage = this.usage(c, svc);
      if (usage && usage.memoryBytes > limit) {
        this.recordOomKill(c, svc, usage, limit);
        this.terminate(c, svc, { exitCode: 137, reason: "OOMKilled" }, true);
        return true;
      }
    }
    changed = this.runProbes(c, pod, svc, instance) || changed;
    return changed;
  }

  private runProbes(c: ContainerRuntime, pod: Pod, svc: LifecycleServices, instance: RunningInstance): boolean {
    const now = svc.nowMs();
    let changed = false;
    const target = {
      podIP: this.podIP,
      container: c.spec,
      image: instance.image,
      listeningPorts: instance.listening,
      env: instance.env,
      containerId: instance.containerId,
      namespace: this.namespace,
      pod: this.name,
      responder: svc.httpResponder(),
    };
    const startup = c.probes.Startup;
    if (startup && !c.started) {
      if (now < startup.nextAtMs) return false;
      startup.nextAtMs = now + startup.timing.periodMs;
      const outcome = runProbe(c.spec.startupProbe!, target);
      if (outcome.result === "success") {
        c.started = true;
        c.ready = !c.probes.Readiness;
        // Liveness and readiness start once the startup probe has succeeded.
        for (const kind of ["Liveness", "Readiness"] as const) {
          const state = c.probes[kind];
          if (state) state.nextAtMs = now;
        }
        changed = true;
      } else {
        startup.failures++;
        this.event(svc, pod, c, "Warning", "Unhealthy", probeEventMessage("Startup", outcome));
        if (startup.failures >= startup.timing.failureThreshold) {
          this.event(svc, pod, c, "Normal", "Killing", `Container ${c.name} failed startup probe, will be restarted`);
          this.terminate(c, svc, { exitCode: 137, reason: "Error" }, true);
          return true;
        }
        return changed;
      }
    }
    if (!c.started) return changed;
    const liveness = c.probes.Liveness;
    if (liveness && now >= liveness.nextAtMs) {
      liveness.nextAtMs = now + liveness.timing.periodMs;
      const outcome = runProbe(c.spec.livenessProbe!, target);
      if (outcome.result === "success") liveness.failures = 0;
      else {
        liveness.failures++;
        this.event(svc, pod, c, "Warning", "Unhealthy", probeEventMessage("Liveness", outcome));
        if (liveness.failures >= liveness.timing.failureThreshold) {
          this.event(svc, pod, c, "Normal", "Killing", `Container ${c.name} failed liveness probe, will be restarted`);
          this.terminate(c, svc, { exitCode: 137, reason: "Error" }, true);
          return true;
        }
      }
    }
    const readiness = c.probes.Readiness;
    if (readiness && now >= readiness.nextAtMs) {
      readiness.nextAtMs = now + readiness.timing.periodMs;
      const outcome = runProbe(c.spec.readinessProbe!, target);
      if (outcome.result === "success") {
        readiness.failures = 0;
        readiness.successes++;
        if (!c.ready && readiness.successes >= readiness.timing.successThreshold) {
          c.ready = true;
          changed = true;
        }
      } else {
        readiness.successes = 0;
        readiness.failures++;
        this.event(svc, pod, c, "Warning", "Unhealthy", probeEventMessage("Readiness", outcome));
        if (c.ready && readiness.failures >= readiness.timing.failureThreshold) {
          c.ready = false;
          changed = true;
        }
      }
    }
    return changed;
  }

  private flushLogs(c: ContainerRuntime, instance: RunningInstance, now: number): void {
    const lines = instance.plan.logs;
    const buffer = c.logs.byContainerId(instance.containerId);
    while (instance.logCursor < lines.length) {
      const line = lines[instance.logCursor]!;
      const at = instance.startedAtMs + line.afterMs;
      if (at > now) break;
      buffer?.append(at, line.text);
      instance.logCursor++;
    }
  }

  /** The kernel's OOM report, as node-problem-detector turns it into a Node event. */
  private recordOomKill(c: ContainerRuntime, svc: LifecycleServices, usage: ContainerUsage, limit: number): void {
    const process = (c.spec.command?.[0] ?? c.lookup?.reference.path ?? c.name).split("/").pop() ?? c.name;
    const pid = 1000 + svc.rng.int(0, 60000);
    const rssKb = Math.round(Math.min(usage.memoryBytes, limit) / 1024);
    svc.events.record({
      object: { apiVersion: "v1", kind: "Node", name: this.nodeName, uid: this.nodeUid },
      type: "Warning",
      reason: "OOMKilling",
      message: `Memory cgroup out of memory: Killed process ${pid} (${process}) total-vm:${rssKb + 102400}kB, anon-rss:${rssKb}kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:${Math.max(4, Math.round(rssKb / 512))}kB oom_score_adj:${c.spec.resources?.requests ? 999 : 1000}`,
      source: { component: "kernel-monitor", host: this.nodeName },
    });
  }

  /** The running process ends (by itself, OOM, probe kill or stop). */
  private terminate(c: ContainerRuntime, svc: LifecycleServices, how: { exitCode: number; reason: string }, mayRestart: boolean): void {
    if (c.stage.kind !== "running") return;
    const instance = c.stage.instance;
    const now = svc.nowMs();
    this.flushLogs(c, instance, now);
    const terminated: ContainerStateTerminated = {
      exitCode: how.exitCode,
      reason: how.reason,
      startedAt: rfc3339(instance.startedAtMs),
      finishedAt: rfc3339(now),
      containerID: instance.containerId,
    };
    if (how.reason === "Error" && (c.spec as { terminationMessagePolicy?: string }).terminationMessagePolicy === "FallbackToLogsOnError") {
      const lines = c.logs.byContainerId(instance.containerId)?.entries().slice(-80).map((l) => l.text) ?? [];
      const message = lines.join("\n").slice(-2048);
      if (message) terminated.message = message;
    }
    if (!mayRestart) {
      c.stage = { kind: "exited", terminated, finishedAtMs: now, delayMs: 0, backOffShown: false };
      c.ready = false;
      c.started = false;
      c.probes = {};
      return;
    }
    this.exited(c, terminated, instance.startedAtMs, now);
  }

  /** Record an exit and decide, by restart policy, whether and when the container restarts (back-off). */
  private exited(c: ContainerRuntime, terminated: ContainerStateTerminated, startedAtMs: number, now: number): void {
    c.ready = false;
    c.started = false;
    c.probes = {};
    const failed = terminated.exitCode !== 0;
    const restart = c.isInit ? failed && this.restartPolicy !== "Never" : this.restartPolicy === "Always" || (this.restartPolicy === "OnFailure" && failed);
    if (!restart) {
      c.stage = { kind: "exited", terminated, finishedAtMs: now, delayMs: 0, backOffShown: false };
      return;
    }
    if (now - startedAtMs >= BACKOFF_RESET_MS) c.crashLoops = 0;
    c.crashLoops++;
    const delayMs = backoffDelayMs(c.crashLoops);
    c.stage = { kind: "exited", terminated, finishedAtMs: now, restartAtMs: now + delayMs, delayMs, backOffShown: false };
  }

  private nextWake(initDone: boolean): number {
    let wake = Infinity;
    const consider = (ms: number | undefined) => {
      if (ms !== undefined && ms < wake) wake = ms;
    };
    const list = initDone ? [...this.initContainers, ...this.containers] : this.initContainers;
    for (const c of list) {
      const stage = c.stage;
      switch (stage.kind) {
        case "new":
          consider(0);
          break;
        case "pulling":
          consider(stage.doneAtMs);
          break;
        case "pull-failed":
          if (!stage.backOffShown) consider(stage.failedAtMs + BACKOFF_VISIBLE_AFTER_MS);
          consider(stage.retryAtMs);
          break;
        case "mount-failed":
        case "config-error":
          consider(stage.retryAtMs);
          break;
        case "running": {
          const instance = stage.instance;
          const nextLine = instance.plan.logs[instance.logCursor];
          if (nextLine) consider(instance.startedAtMs + nextLine.afterMs);
          if (instance.plan.listen && instance.listening.size === 0) consider(instance.startedAtMs + instance.plan.listen.afterMs);
          if (instance.plan.exit) consider(instance.startedAtMs + instance.plan.exit.afterMs);
          for (const probe of Object.values(c.probes)) if (probe) consider(probe.nextAtMs);
          break;
        }
        case "exited":
          if (stage.restartAtMs !== undefined) {
            if (!stage.backOffShown) consider(stage.finishedAtMs + BACKOFF_VISIBLE_AFTER_MS);
            consider(stage.restartAtMs);
          }
          break;
        default:
          break;
      }
    }
    return wake;
  }

  private newContainerId(svc: LifecycleServices): string {
    let id = "";
    for (let i = 0; i < 64; i++) id += HEX[svc.rng.int(0, 15)];
    return `containerd://${id}`;
  }

  private event(svc: LifecycleServices, pod: Pod, c: ContainerRuntime | undefined, type: EventType, reason: string, message: string): void {
    svc.events.record({
      object: pod,
      type,
      reason,
      message,
      source: { component: "kubelet", host: this.nodeName },
      fieldPath: c ? `spec.${c.isInit ? "initContainers" : "containers"}{${c.name}}` : undefined,
    });
  }

  private eventByRef(svc: LifecycleServices, c: ContainerRuntime, type: EventType, reason: string, message: string): void {
    svc.events.record({
      object: { apiVersion: "v1", kind: "Pod", name: this.name, namespace: this.namespace, uid: this.uid },
      type,
      reason,
      message,
      source: { component: "kubelet", host: this.nodeName },
      fieldPath: `spec.${c.isInit ? "initContainers" : "containers"}{${c.name}}`,
    });
  }
}
