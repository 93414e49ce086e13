/**
 * A Service with what decides whether it can carry traffic: its selector, the pods it selects,
 * the ready and not-ready endpoint addresses, and whether each targetPort is a port some selected
 * container exposes. Pure.
 */
import type { V1Endpoints, V1Pod, V1Service } from "@kubernetes/client-node";
import { matchesServiceSelector } from "../label-selector";

export interface ServicePortSummary {
  name?: string;
  port: number;
  /** As written: a number or a container port name. */
  targetPort: string;
  protocol: string;
  /** Containers of selected pods exposing the targetPort ("cart-abc/app:8080"); empty when none. */
  exposedBy: string[];
  /** False when pods are selected and none exposes the targetPort; undefined when no pods are selected. */
  targetPortMatches: boolean | undefined;
}

export interface EndpointAddress {
  ip: string;
  pod?: string;
  ports: number[];
}

export interface ServiceSummary {
  name: string;
  namespace: string;
  type: string;
  clusterIP?: string;
  /** Equality selector; empty means the Service has none (endpoints managed by hand). */
  selector: Record<string, string>;
  ports: ServicePortSummary[];
  selectedPods: string[];
  readyAddresses: EndpointAddress[];
  notReadyAddresses: EndpointAddress[];
}

/** The pods a Service selects (an empty selector selects none: such Services have manual endpoints). */
export function podsSelectedBy(service: V1Service, pods: readonly V1Pod[]): V1Pod[] {
  const selector = service.spec?.selector;
  return pods.filter((p) => p.metadata?.namespace === service.metadata?.namespace && matchesServiceSelector(selector, p.metadata?.labels));
}

/** Summarises a Service with its Endpoints object (if any) and the namespace's pods. */
export function summarizeService(service: V1Service, endpoints: V1Endpoints | undefined, pods: readonly V1Pod[]): ServiceSummary {
  const selected = podsSelectedBy(service, pods);
  const ports: ServicePortSummary[] = (service.spec?.ports ?? []).map((p) => {
    const target = p.targetPort ?? p.port;
    const exposedBy: string[] = [];
    for (const pod of selected) {
      for (const container of pod.spec?.containers ?? []) {
        const hit = (container.ports ?? []).some((cp) => (typeof target === "number" || /^\d+$/.test(String(target)) ? cp.containerPort === Number(target) : cp.name === target));
        if (hit) exposedBy.push(`${pod.metadata?.name ?? ""}/${container.name}`);
      }
    }
    return {
      ...(p.name ? { name: p.name } : {}),
      port: p.port,
      targetPort: String(target),
      protocol: p.protocol ?? "TCP",
      exposedBy,
      targetPortMatches: selected.length === 0 ? undefined : exposedBy.length > 0,
    };
  });
  const ready: EndpointAddress[] = [];
  const notReady: EndpointAddress[] = [];
  for (const subset of endpoints?.subsets ?? []) {
    const subsetPorts = (subset.ports ?? []).map((p) => p.port);
    for (const a of subset.addresses ?? []) ready.push({ ip: a.ip, ...(a.targetRef?.name ? { pod: a.targetRef.name } : {}), ports: subsetPorts });
    for (const a of subset.notReadyAddresses ?? []) notReady.push({ ip: a.ip, ...(a.targetRef?.name ? { pod: a.targetRef.name } : {}), ports: subsetPorts });
  }
  return {
    name: service.metadata?.name ?? "",
    namespace: service.metadata?.namespace ?? "",
    type: service.spec?.type ?? "ClusterIP",
    ...(service.spec?.clusterIP ? { clusterIP: service.spec.clusterIP } : {}),
    selector: { ...(service.spec?.selector ?? {}) },
    ports,
    selectedPods: selected.map((p) => p.metadata?.name ?? ""),
    readyAddresses: ready,
    notReadyAddresses: notReady,
  };
}
