/**
 * The pod status the kubelet reports, computed from its runtime view: phase (`getPhase`),
 * conditions (PodReadyToStartContainers, Initialized, Ready, ContainersReady; PodScheduled kept
 * from the scheduler), and per-container state / lastState / restartCount / ready / started /
 * image / imageID / containerID.
 */
import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from "../controllers/api-types";
import { qosClass } from "../controllers/pod-resources";
import { formatGoDuration } from "./backoff";
import { rfc3339, type ContainerRuntime, type PodRuntime } from "./pod-lifecycle";

function waitingReason(c: ContainerRuntime, runtime: PodRuntime, initDone: boolean): ContainerState {
  const stage = c.stage;
  switch (stage.kind) {
    case "new":
    case "pulling":
    case "mount-failed":
      return { waiting: { reason: !c.isInit && !initDone ? "PodInitializing" : "ContainerCreating" } };
    case "pull-failed":
      return stage.backOffShown
        ? { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.spec.image ?? ""}": ErrImagePull: ${stage.message}` } }
        : { waiting: { reason: "ErrImagePull", message: stage.message } };
    case "invalid-image":
      return { waiting: { reason: "InvalidImageName", message: stage.message } };
    case "never-pull":
      return { waiting: { reason: "ErrImageNeverPull", message: stage.message } };
    case "config-error":
      return { waiting: { reason: "CreateContainerConfigError", message: stage.message } };
    case "running":
      return { running: { startedAt: rfc3339(stage.instance.startedAtMs) } };
    case "exited": {
      if (stage.restartAtMs !== undefined && stage.backOffShown) {
        return {
          waiting: {
            reason: "CrashLoopBackOff",
            message: `back-off ${formatGoDuration(stage.delayMs)} restarting failed container=${c.name} pod=${runtime.name}_${runtime.namespace}(${runtime.uid})`,
          },
        };
      }
      return { terminated: { ...stage.terminated } };
    }
  }
}

function containerStatus(c: ContainerRuntime, runtime: PodRuntime, initDone: boolean): ContainerStatus {
  const state = waitingReason(c, runtime, initDone);
  const stage = c.stage;
  // In back-off the crash that caused it is already "last state", as the kubelet reports it.
  const inBackOff = stage.kind === "exited" && stage.restartAtMs !== undefined && stage.backOffShown;
  const last = inBackOff && stage.kind === "exited" ? stage.terminated : c.lastTerminated;
  const lookup = c.lookup;
  const everRan = stage.kind === "running" || stage.kind === "exited" || c.restartCount > 0 || c.lastTerminated !== undefined;
  const status: ContainerStatus = {
    name: c.name,
    state,
    lastState: last ? { terminated: { ...last } } : {},
    ready: c.isInit ? stage.kind === "exited" && stage.terminated.exitCode === 0 && stage.restartAtMs === undefined : c.ready,
    restartCount: c.restartCount,
    image: lookup?.found && everRan ? lookup.reference.canonical : (c.spec.image ?? ""),
    imageID: lookup?.found && everRan ? `${lookup.reference.repository}@${lookup.digest}` : "",
    started: stage.kind === "running" && c.started,
  };
  const containerId = stage.kind === "running" ? stage.instance.containerId : stage.kind === "exited" ? stage.terminated.containerID : undefined;
  if (containerId) status.containerID = containerId;
  return status;
}

/** Phase from container states (`getPhase` in the kubelet). */
export function podPhase(runtime: PodRuntime, statuses: ContainerStatus[], initDone: boolean): NonNullable<PodStatus["phase"]> {
  if (!initDone) {
    const initFailedForGood = runtime.initContainers.some((c) => c.stage.kind === "exited" && c.stage.terminated.exitCode !== 0 && c.stage.restartAtMs === undefined);
    return initFailedForGood ? "Failed" : "Pending";
  }
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const status of statuses) {
    if (status.state.running) running++;
    else if (status.state.terminated) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.state.waiting) {
      if (status.lastState.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (runtime.restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (runtime.restartPolicy === "OnFailure") return "Running";
    return "Failed";
  }
  return "Pending";
}

function condition(previous: PodCondition[] | undefined, type: string, status: PodCondition["status"], now: string, reason?: string, message?: string): PodCondition {
  const before = previous?.find((c) => c.type === type);
  const out: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now };
  if (reason) out.reason = reason;
  if (message) out.message = message;
  return out;
}

/** Build the status the kubelet would write for this pod now. */
export function buildPodStatus(pod: Pod, runtime: PodRuntime, nowMs: number): PodStatus {
  const now = rfc3339(nowMs);
  const initDone = runtime.initialized();
  const statuses = runtime.containers.map((c) => containerStatus(c, runtime, initDone));
  const initStatuses = runtime.initContainers.map((c) => containerStatus(c, runtime, initDone));
  const phase = podPhase(runtime, statuses, initDone);
  const previous = pod.status?.conditions;
  const terminal = phase === "Succeeded" || phase === "Failed";
  const notReady = runtime.containers.filter((c) => !c.ready).map((c) => c.name);
  const incompleteInit = runtime.initContainers.filter((c) => !(c.stage.kind === "exited" && c.stage.terminated.exitCode === 0)).map((c) => c.name);
  const allReady = notReady.length === 0 && initDone && !terminal;
  const readyReason = terminal ? "PodCompleted" : allReady ? undefined : "ContainersNotReady";
  const readyMessage = terminal || allReady ? undefined : `containers with unready status: [${notReady.join(" ")}]`;
  const sandbox = runtime.sandboxReady(nowMs) && !runtime.stopped;
  const conditions: PodCondition[] = [
    condition(previous, "PodReadyToStartContainers", sandbox ? "True" : "False", now),
    initDone
      ? condition(previous, "Initialized", "True", now, terminal && runtime.initContainers.length > 0 ? "PodCompleted" : undefined)
      : condition(previous, "Initialized", "False", now, "ContainersNotInitialized", `containers with incomplete status: [${incompleteInit.join(" ")}]`),
    condition(previous, "Ready", allReady ? "True" : "False", now, readyReason, readyMessage),
    condition(previous, "ContainersReady", allReady ? "True" : "False", now, readyReason, readyMessage),
  ];
  const scheduled = previous?.find((c) => c.type === "PodScheduled");
  conditions.push(scheduled ?? condition(previous, "PodScheduled", "True", now));
  const status: PodStatus = {
    phase,
    conditions,
    hostIP: runtime.hostIP,
    hostIPs: [{ ip: runtime.hostIP }],
    startTime: rfc3339(runtime.startTimeMs),
    containerStatuses: statuses,
    qosClass: pod.status?.qosClass ?? qosClass(pod.spec),
  };
  // The IP appears once the sandbox's network is set up.
  if (runtime.sandboxReady(nowMs)) {
    status.podIP = runtime.podIP;
    status.podIPs = [{ ip: runtime.podIP }];
  }
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  return status;
}
