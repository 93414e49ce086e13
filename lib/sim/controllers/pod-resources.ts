/**
 * Resource arithmetic on pod specs, shared by the scheduler (requests vs node allocatable) and
 * ResourceQuota (requests and limits vs `spec.hard`).
 */
import { parseBytes, parseCpuMillis, tryParseQuantity } from "../quantity";
import type { Container, Pod, PodSpec, ResourceList } from "./api-types";

/** CPU in millicores and memory in bytes. */
export interface ComputeResources {
  cpuMillis: number;
  memoryBytes: number;
}

function amount(list: ResourceList | undefined, name: "cpu" | "memory"): number | undefined {
  const raw = list?.[name];
  if (raw === undefined || tryParseQuantity(raw) === undefined) return undefined;
  return name === "cpu" ? parseCpuMillis(raw) : parseBytes(raw);
}

/** A container's effective request for one resource: the request, or the limit when only a limit is set (API defaulting). */
export function containerRequest(container: Container, name: "cpu" | "memory"): number | undefined {
  return amount(container.resources?.requests, name) ?? amount(container.resources?.limits, name);
}

/** A container's limit for one resource, if any. */
export function containerLimit(container: Container, name: "cpu" | "memory"): number | undefined {
  return amount(container.resources?.limits, name);
}

function effective(spec: PodSpec, pick: (c: Container, name: "cpu" | "memory") => number | undefined): ComputeResources {
  // As the scheduler computes it: max(sum over app containers, largest init container).
  const sum = { cpuMillis: 0, memoryBytes: 0 };
  for (const container of spec.containers ?? []) {
    sum.cpuMillis += pick(container, "cpu") ?? 0;
    sum.memoryBytes += pick(container, "memory") ?? 0;
  }
  for (const init of spec.initContainers ?? []) {
    sum.cpuMillis = Math.max(sum.cpuMillis, pick(init, "cpu") ?? 0);
    sum.memoryBytes = Math.max(sum.memoryBytes, pick(init, "memory") ?? 0);
  }
  return sum;
}

/** Total requests of a pod (what the scheduler reserves on a node). */
export function podRequests(pod: Pod): ComputeResources {
  return effective(pod.spec, containerRequest);
}

/** True when the pod has finished for good (its resources are free again). */
export function isTerminalPod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** Kubernetes QoS class, as the API server sets it at creation. */
export function qosClass(spec: PodSpec): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const container of containers) {
    for (const name of ["cpu", "memory"] as const) {
      const request = amount(container.resources?.requests, name);
      const limit = amount(container.resources?.limits, name);
      if (request !== undefined || limit !== undefined) any = true;
      if (limit === undefined || (request !== undefined && request !== limit)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}
