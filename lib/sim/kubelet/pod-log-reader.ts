/**
 * The `pods/log` endpoint's logic: validate the container name as the API server does, pick the
 * container instance from the pod's reported status as the kubelet does
 * (`validateContainerLogStatus`), and render its buffer.
 */
import { badRequest, notFound } from "../errors";
import type { ContainerStatus, Pod } from "../controllers/api-types";
import type { PodLogOptions } from "../types";
import { renderLog } from "./logs";
import type { PodRuntime } from "./pod-lifecycle";

/** Inputs of `readPodLog`. */
export interface ReadPodLogInput {
  pod: Pod | undefined;
  podName: string;
  runtime: PodRuntime | undefined;
  options: PodLogOptions;
  nowMs: number;
}

function pickContainerId(podName: string, container: string, status: ContainerStatus | undefined, previous: boolean): string {
  const fail = (message: string): never => {
    throw badRequest(message);
  };
  const state = status?.state ?? {};
  const last = status?.lastState ?? {};
  if (previous) {
    if (!last.terminated?.containerID) fail(`previous terminated container "${container}" in pod "${podName}" not found`);
    return last.terminated!.containerID!;
  }
  if (state.running) return status?.containerID ?? "";
  if (state.terminated) {
    if (state.terminated.containerID) return state.terminated.containerID;
    if (last.terminated?.containerID) return last.terminated.containerID;
    return fail(`container "${container}" in pod "${podName}" is terminated`);
  }
  if (last.terminated) {
    if (!last.terminated.containerID) fail(`container "${container}" in pod "${podName}" is terminated`);
    return last.terminated.containerID!;
  }
  if (state.waiting) {
    switch (state.waiting.reason) {
      case "ErrImagePull":
        return fail(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
      case "ImagePullBackOff":
        return fail(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
      default:
        return fail(`container "${container}" in pod "${podName}" is waiting to start: ${state.waiting.reason ?? "ContainerCreating"}`);
    }
  }
  return fail(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/** Read a container's log, or throw the SimApiError the real API returns. */
export function readPodLog(input: ReadPodLogInput): string {
  const { pod, podName, options } = input;
  if (!pod) throw notFound("pods", podName);
  const names = (pod.spec.containers ?? []).map((c) => c.name);
  const initNames = (pod.spec.initContainers ?? []).map((c) => c.name);
  let container = options.container;
  if (!container) {
    if (names.length === 1) container = names[0]!;
    else {
      const init = initNames.length > 0 ? ` or one of the init containers: [${initNames.join(" ")}]` : "";
      throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(" ")}]${init}`);
    }
  }
  if (!names.includes(container) && !initNames.includes(container)) throw badRequest(`container ${container} is not valid for pod ${podName}`);
  // A pod that no node runs yet has no logs (the API server returns an empty body).
  if (!pod.spec.nodeName || !input.runtime) return "";
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const status = statuses.find((s) => s.name === container);
  const containerId = pickContainerId(podName, container, status, !!options.previous);
  const buffer = input.runtime.container(container)?.logs.byContainerId(containerId);
  return renderLog(buffer, { nowMs: input.nowMs, tailLines: options.tailLines, sinceSeconds: options.sinceSeconds, timestamps: options.timestamps });
}
