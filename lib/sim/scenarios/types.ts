/**
 * Fault scenarios as data: the API changes that inject a fault (what an engineer or a chaos tool
 * would `kubectl apply/patch/delete`), the ones that fix it, and the ground truth a diagnosis is
 * scored against. Root causes use the AIOpsLab taxonomy (system level x fault type).
 */
import type { ResourceKey } from "../types";

/** One ordinary write through the API, as a client would make it. */
export type ApiChange =
  | { op: "create"; resource: ResourceKey; object: Record<string, unknown> & { metadata: { name: string; namespace?: string } } }
  | { op: "delete"; resource: ResourceKey; namespace: string; name: string }
  /** `kubectl delete <resource> -l <selector>` */
  | { op: "deleteCollection"; resource: ResourceKey; namespace: string; labelSelector: string }
  /**
   * `kubectl patch` with a strategic merge (`strategic`), JSON merge (`merge`) or JSON patch
   * (`json`). The string `$NOW` anywhere in the patch becomes the current RFC 3339 time, which
   * is how `kubectl rollout restart` stamps `kubectl.kubernetes.io/restartedAt`.
   */
  | { op: "patch"; resource: ResourceKey; namespace: string; name: string; patchType: "strategic" | "merge" | "json"; patch: unknown };

/** AIOpsLab system levels. */
export type SystemLevel = "Hardware" | "Operating System" | "Virtualization" | "Application";
/** AIOpsLab fault types. */
export type FaultType = "Misconfiguration" | "Code Defect" | "Authentication Issue" | "Network/Storage Issue" | "Operation Error" | "Dependency Problem";

/** The object a fault lives in, and how it is classified. */
export interface FaultyObject {
  kind: string;
  namespace: string;
  name: string;
  systemLevel: SystemLevel;
  faultType: FaultType;
}

/** An alert the scenario must raise. */
export interface ExpectedAlert {
  alertname: string;
  service: string;
}

/** Observable consequences tests check (all optional). */
export interface ExpectedSymptoms {
  /** Event reasons seen in the namespace, e.g. "FailedScheduling". */
  eventReasons?: string[];
  /** Waiting/terminated reasons of some pod of a service, e.g. { service: "currency", reason: "ImagePullBackOff" }. */
  podReasons?: { service: string; reason: string }[];
  /** A substring some pod of `service` logs. */
  logs?: { service: string; contains: string }[];
  /** Edges whose calls fail with this outcome. */
  failingEdges?: { from: string; to: string; outcome: "server_error" | "connection_refused" | "timeout" | "dns_error" }[];
  /** Services whose latency p99 exceeds their objective. */
  slowServices?: string[];
}

/** What really happened, for scoring a diagnosis. */
export interface GroundTruth {
  /** Usually one; several for multi-cause scenarios. */
  faults: FaultyObject[];
  /** Alerts that must fire (others may fire too). */
  expectedAlerts: ExpectedAlert[];
  /** Services that show symptoms (errors, latency, no capacity), faulty or not. */
  symptomaticServices: string[];
  symptoms: ExpectedSymptoms;
  /** API changes that restore health. */
  fix: ApiChange[];
}

/** A named fault scenario. */
export interface Scenario {
  name: string;
  title: string;
  description: string;
  inject: ApiChange[];
  groundTruth: GroundTruth;
  /** Simulated seconds after injection by which the expected alerts have been delivered. */
  detectWithinSeconds: number;
  /** Simulated seconds after the fix by which every service is healthy again. */
  recoverWithinSeconds: number;
}
