/**
 * The mechanisms the rules reasoner can name, each with its AIOpsLab category and its prior
 * weight as a root cause. The category belongs to the mechanism, not to the analyzer that saw a
 * symptom of it: an OOMKill caused by a too-low limit is a Kubernetes (Virtualization)
 * misconfiguration, a memory leak is an application code defect.
 */
import type { FaultCategoryOutput } from "../../agents/agent-schemas";

/** Every mechanism, as the diagnosis output names it and the playbooks dispatch on it. */
export const FAULT_MECHANISMS = [
  "service-target-port",
  "service-selector",
  "service-missing",
  "network-policy",
  "quota-exhausted",
  "config-missing",
  "image-pull",
  "image-pull-auth",
  "bad-command",
  "oom-limit",
  "crash",
  "probe",
  "unschedulable",
  "nodes-cordoned",
  "scaled-to-zero",
  "failed-create",
  "network-chaos",
  "stress-chaos",
  "database-auth",
  "database-fault",
  "credentials",
  "unknown",
] as const;
export type FaultMechanism = (typeof FAULT_MECHANISMS)[number];

const V = "Virtualization" as const;
const A = "Application" as const;

/** Category of each mechanism. */
export const MECHANISM_CATEGORY: Record<FaultMechanism, FaultCategoryOutput> = {
  "service-target-port": { systemLevel: V, faultType: "Misconfiguration" },
  "service-selector": { systemLevel: V, faultType: "Misconfiguration" },
  // Someone removed an object that must exist: an operation, not a wrong setting.
  "service-missing": { systemLevel: V, faultType: "Operation Error" },
  "network-policy": { systemLevel: V, faultType: "Misconfiguration" },
  "quota-exhausted": { systemLevel: V, faultType: "Misconfiguration" },
  "config-missing": { systemLevel: A, faultType: "Misconfiguration" },
  // A rollout to an image that does not exist is a botched operation on the Deployment.
  "image-pull": { systemLevel: V, faultType: "Operation Error" },
  "image-pull-auth": { systemLevel: V, faultType: "Authentication Issue" },
  "bad-command": { systemLevel: A, faultType: "Misconfiguration" },
  // The limit is a Kubernetes resource setting; the application did nothing wrong.
  "oom-limit": { systemLevel: V, faultType: "Misconfiguration" },
  crash: { systemLevel: A, faultType: "Code Defect" },
  probe: { systemLevel: A, faultType: "Misconfiguration" },
  unschedulable: { systemLevel: V, faultType: "Misconfiguration" },
  "nodes-cordoned": { systemLevel: V, faultType: "Operation Error" },
  "scaled-to-zero": { systemLevel: V, faultType: "Operation Error" },
  "failed-create": { systemLevel: V, faultType: "Operation Error" },
  // Network chaos emulates the physical network misbehaving (delay, loss, partition).
  "network-chaos": { systemLevel: "Hardware", faultType: "Network/Storage Issue" },
  // Memory or CPU stress inside the app's pods emulates a leak or a runaway loop in its code.
  "stress-chaos": { systemLevel: A, faultType: "Code Defect" },
  "database-auth": { systemLevel: A, faultType: "Authentication Issue" },
  "database-fault": { systemLevel: A, faultType: "Dependency Problem" },
  credentials: { systemLevel: A, faultType: "Authentication Issue" },
  unknown: { systemLevel: A, faultType: "Dependency Problem" },
};

/**
 * Prior weight of a mechanism as a root cause rather than a symptom. Objects that exist only to
 * break things (chaos, database faults) and objects whose own settings are wrong rank above pod
 * states, which are often consequences.
 */
export const MECHANISM_WEIGHT: Record<FaultMechanism, number> = {
  "network-chaos": 0.95,
  "stress-chaos": 0.95,
  "database-auth": 0.95,
  "database-fault": 0.9,
  "service-target-port": 0.9,
  "service-selector": 0.9,
  "service-missing": 0.9,
  "quota-exhausted": 0.9,
  "config-missing": 0.9,
  "scaled-to-zero": 0.9,
  "network-policy": 0.85,
  "image-pull": 0.8,
  "image-pull-auth": 0.8,
  "bad-command": 0.8,
  "oom-limit": 0.8,
  unschedulable: 0.8,
  "nodes-cordoned": 0.8,
  credentials: 0.7,
  crash: 0.6,
  probe: 0.6,
  "failed-create": 0.6,
  unknown: 0.1,
};
