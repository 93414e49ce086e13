/**
 * What every TNR operation runs against, injected so the same orchestration runs on the
 * database and a real cluster in production and on memory and the simulator in tests, and its
 * tunables with their defaults.
 */
import type { ActionContext } from "../cluster/actions/types";
import type { Clock } from "./clock";
import type { HealthProbe } from "./health-probe";
import { DEFAULT_STABILIZATION_MS, DEFAULT_TOLERANCE, lockTtlFor, MAX_ACTIONS_PER_TRANSACTION } from "./limits";
import type { TnrEmit } from "./tnr-events";
import type { TnrStore } from "./tnr-store";
import type { WriteLock } from "./write-lock";

/** The injected collaborators. */
export interface TnrRuntime {
  /** Cluster clients the actions run with. */
  ctx: ActionContext;
  /** The write-ahead log. */
  store: TnrStore;
  /** One writer per cluster + namespace. */
  lock: WriteLock;
  /** Time of the stabilization window. */
  clock: Clock;
  /** Health of the transaction's namespace. */
  health: HealthProbe;
  /** Progress and lifecycle events, in order. */
  emit: TnrEmit;
}

/** Tunables of a transaction. */
export interface TnrOptions {
  /** Observation after the last action before health is measured again (default 60 s). */
  stabilizationMs?: number;
  /** Health points the target and every other service may lose (default 5). */
  tolerance?: number;
  /** K: most actions in one transaction (default and ceiling `MAX_ACTIONS_PER_TRANSACTION`). */
  maxActions?: number;
  /** Lock holder name (default `tnr:<transaction id>`); a worker passes its id. */
  owner?: string;
  /** Lock lease length (default: the window plus `LOCK_TTL_MARGIN_MS`). */
  lockTtlMs?: number;
}

/** Options with every default applied. */
export interface ResolvedTnrOptions {
  stabilizationMs: number;
  tolerance: number;
  maxActions: number;
  owner: string;
  lockTtlMs: number;
}

/** Applies defaults and rejects nonsense (a negative window, a tolerance that is not a number). */
export function resolveTnrOptions(options: TnrOptions | undefined, transactionId: string): ResolvedTnrOptions {
  const stabilizationMs = options?.stabilizationMs ?? DEFAULT_STABILIZATION_MS;
  const tolerance = options?.tolerance ?? DEFAULT_TOLERANCE;
  if (!(stabilizationMs >= 0) || !Number.isFinite(stabilizationMs)) throw new RangeError(`stabilizationMs must be a finite number >= 0, got ${stabilizationMs}`);
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new RangeError(`tolerance must be a finite number >= 0, got ${tolerance}`);
  return {
    stabilizationMs,
    tolerance,
    maxActions: options?.maxActions ?? MAX_ACTIONS_PER_TRANSACTION,
    owner: options?.owner ?? `tnr:${transactionId}`,
    lockTtlMs: options?.lockTtlMs ?? lockTtlFor(stabilizationMs),
  };
}
