import "server-only";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/sqlite/client";
import { applyLifecycleEvent } from "../incidents/apply-lifecycle-event";
import { claimNextIncident, releaseLease } from "../incidents/incident-lease";
import { toLifecycleState, type LifecycleState } from "../incidents/lifecycle";
import type { Logger } from "../log";
import type { PipelineSteps, StepContext, StepOutcome } from "./pipeline-steps";

/** How long a claim lasts; a step that needs longer renews it (a crashed worker's claim runs out). */
export const DEFAULT_LEASE_MS = 120_000;

/** After a step throws, the incident waits this long before a worker tries again. */
export const STEP_FAILURE_BACKOFF_MS = 30_000;

export interface RunWorkerOnceOptions {
  db: Db;
  owner: string;
  steps: PipelineSteps;
  log: Logger;
  leaseMs?: number;
  now?: () => Date;
}

export type WorkerTick =
  | { worked: false }
  | { worked: true; incidentId: string; state: LifecycleState; applied: string[]; refused: string[]; error?: string };

function stepFor(steps: PipelineSteps, state: LifecycleState): ((ctx: StepContext) => Promise<StepOutcome>) | undefined {
  switch (state) {
    case "DETECTING":
      return steps.detect;
    case "DIAGNOSING":
      return steps.diagnose;
    case "PROPOSED":
      return steps.propose;
    case "MITIGATING":
    case "VALIDATING":
    case "ROLLING_BACK":
    case "UNDOING":
      return steps.transact;
    case "ROLLED_BACK":
      return steps.reviewRollback;
    default:
      return undefined;
  }
}

/**
 * One bounded unit of pipeline work: claim one due incident, run the step for its state, apply
 * the step's lifecycle events (each through the transition table, with the lease checked), and
 * release the claim. A step that throws leaves the state as it was and is retried after a back-off;
 * a crash anywhere leaves the lease to expire and the incident to be resumed from its stored state.
 */
export async function runWorkerOnce(options: RunWorkerOnceOptions): Promise<WorkerTick> {
  const { db, owner, steps, log } = options;
  const now = options.now ?? (() => new Date());
  const claimed = await claimNextIncident({ db, owner, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, now: now() });
  if (!claimed) return { worked: false };

  const applied: string[] = [];
  const refused: string[] = [];
  let nextRunAt: Date | null | undefined;
  const incident = await db.incident.findUniqueOrThrow({ where: { id: claimed.id } });
  const state = toLifecycleState(incident.state);
  const logger = log.child({ incidentId: incident.id, owner });
  try {
    const step = state ? stepFor(steps, state) : undefined;
    if (!state || !step) {
      // Claimed in a state no step owns (it changed under us): nothing to do until an event.
      return { worked: true, incidentId: incident.id, state: state ?? "DETECTING", applied, refused };
    }
    const ctx: StepContext = {
      incident,
      state,
      owner,
      now: now(),
      record: async (timelineStep) => {
        await db.incidentEvent.create({
          data: { incidentId: incident.id, type: timelineStep.type, payload: timelineStep.payload as Prisma.InputJsonValue },
        });
      },
    };
    const outcome = await step(ctx);
    for (const event of outcome.events) {
      const result = await applyLifecycleEvent(db, { incidentId: incident.id, event, leaseOwner: owner, now: now(), log: logger });
      if (result.ok) applied.push(`${event.type}: ${result.from} -> ${result.next}`);
      else {
        refused.push(`${event.type}: ${result.reason}`);
        break; // the rest of the step's events assumed this one held
      }
    }
    if (outcome.retryAt) nextRunAt = outcome.retryAt;
    // A refused event leaves the state as it was: do not spin on it.
    if (refused.length > 0) nextRunAt = new Date(now().getTime() + STEP_FAILURE_BACKOFF_MS);
    logger.info("pipeline.step", { state, applied, refused });
    return { worked: true, incidentId: incident.id, state, applied, refused };
  } catch (error) {
    nextRunAt = new Date(now().getTime() + STEP_FAILURE_BACKOFF_MS);
    logger.error("pipeline.step_failed", { state, error });
    await db.incidentEvent.create({
      data: { incidentId: incident.id, type: "pipeline.step_failed", payload: { state, message: (error as Error).message } },
    });
    return { worked: true, incidentId: incident.id, state: state ?? "DETECTING", applied, refused, error: (error as Error).message };
  } finally {
    await releaseLease({ db, incidentId: incident.id, owner, ...(nextRunAt !== undefined ? { nextRunAt } : {}) });
  }
}
