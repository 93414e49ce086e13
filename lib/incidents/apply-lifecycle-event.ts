import "server-only";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/sqlite/client";
import { writeTransaction, type Tx } from "../db/transaction";
import { log as defaultLog, type Logger } from "../log";
import {
  AGENT_OWNED_STATES,
  countFailedAttempts,
  DEFAULT_MAX_MITIGATION_ATTEMPTS,
  FAILED_ATTEMPT_EVENT_TYPES,
  lifecycleEventSchema,
  transition,
  type LifecycleEvent,
  type LifecycleState,
} from "./lifecycle";

export interface ApplyLifecycleEventOptions {
  incidentId: string;
  event: LifecycleEvent;
  now?: Date;
  /** When set, the change is refused unless this worker holds an unexpired lease on the incident. */
  leaseOwner?: string;
  maxAttempts?: number;
  /** A committed transaction of the incident can still be undone (guards operator.undo_requested). */
  hasUndoableTransaction?: boolean;
  log?: Logger;
}

export type ApplyLifecycleEventResult =
  | { ok: true; from: LifecycleState; next: LifecycleState; changed: boolean; failedAttempts: number }
  | { ok: false; reason: string };

/** Event types that matter for the attempt budget (see `countFailedAttempts`). */
const ATTEMPT_EVENT_TYPES = [...FAILED_ATTEMPT_EVENT_TYPES, "operator.reinvestigation_requested"];

/**
 * The one way an incident changes state: the lifecycle table decides, and the new state, its
 * milestone timestamps and the event that caused it are written in one database transaction.
 * A refused transition changes nothing, is logged, and comes back with the table's reason.
 */
export function applyLifecycleEvent(db: Db, options: ApplyLifecycleEventOptions): Promise<ApplyLifecycleEventResult> {
  return writeTransaction(db, (tx) => applyLifecycleEventInTx(tx, options));
}

/** As `applyLifecycleEvent`, inside a transaction the caller already holds (e.g. alert ingestion). */
export async function applyLifecycleEventInTx(tx: Tx, options: ApplyLifecycleEventOptions): Promise<ApplyLifecycleEventResult> {
  const now = options.now ?? new Date();
  const logger = options.log ?? defaultLog;
  const refuse = (reason: string): ApplyLifecycleEventResult => {
    logger.warn("lifecycle.refused", { incidentId: options.incidentId, lifecycleEvent: options.event.type, reason });
    return { ok: false, reason };
  };

  const parsed = lifecycleEventSchema.safeParse(options.event);
  if (!parsed.success) {
    return refuse(`invalid ${options.event.type} event: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const incident = await tx.incident.findUnique({ where: { id: options.incidentId } });
  if (!incident) return refuse(`incident "${options.incidentId}" not found`);
  if (options.leaseOwner !== undefined) {
    const held = incident.leaseOwner === options.leaseOwner && incident.leaseExpiresAt !== null && incident.leaseExpiresAt > now;
    if (!held) return refuse(`worker "${options.leaseOwner}" does not hold the lease on incident "${incident.id}"`);
  }

  const [firingAlerts, attemptEvents] = await Promise.all([
    tx.alert.count({ where: { incidentId: incident.id, status: "firing" } }),
    tx.incidentEvent.findMany({
      where: { incidentId: incident.id, type: { in: ATTEMPT_EVENT_TYPES } },
      orderBy: { id: "asc" },
      select: { type: true },
    }),
  ]);
  const result = transition(incident.state, parsed.data, {
    now,
    failedAttempts: countFailedAttempts(attemptEvents.map((e) => e.type)),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_MITIGATION_ATTEMPTS,
    firingAlerts,
    hasUndoableTransaction: options.hasUndoableTransaction ?? false,
    timestamps: {
      detectedAt: incident.detectedAt,
      diagnosedAt: incident.diagnosedAt,
      proposedAt: incident.proposedAt,
      approvedAt: incident.approvedAt,
      mitigatedAt: incident.mitigatedAt,
      resolvedAt: incident.resolvedAt,
      escalatedAt: incident.escalatedAt,
      closedAt: incident.closedAt,
    },
  });
  if (!result.ok) return refuse(result.reason);

  // Conditional on the state we read: of two concurrent writers (two approvals at once) only one
  // changes it; the other is refused instead of applying its event on a state it did not see.
  const updated = await tx.incident.updateMany({
    where: { id: incident.id, state: incident.state },
    data: {
      state: result.next,
      ...result.timestamps,
      // The worker picks agent-owned states up at once; operator-owned and terminal ones wait.
      nextRunAt: AGENT_OWNED_STATES.includes(result.next) ? now : null,
    },
  });
  if (updated.count !== 1) return refuse(`incident "${incident.id}" changed state concurrently; ${parsed.data.type} not applied`);
  await tx.incidentEvent.create({
    data: {
      incidentId: incident.id,
      type: parsed.data.type,
      payload: { ...parsed.data.payload, from: result.from, to: result.next } as Prisma.InputJsonValue,
      createdAt: now,
    },
  });
  return { ok: true, from: result.from, next: result.next, changed: result.changed, failedAttempts: result.failedAttempts };
}
