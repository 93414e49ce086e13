import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import type { Logger } from "../log";
import type { PipelineSteps } from "./pipeline-steps";
import { runWorkerOnce, type WorkerTick } from "./run-worker-once";

/** Idle wait between polls when no incident is due. */
export const DEFAULT_POLL_MS = 1_000;

/** At most this many steps back to back before yielding to the event loop (fairness with requests). */
export const MAX_STEPS_PER_BURST = 20;

export interface StartWorkerOptions {
  db: Db;
  steps: PipelineSteps;
  log: Logger;
  owner?: string;
  pollMs?: number;
  leaseMs?: number;
  onTick?: (tick: WorkerTick) => void;
}

export interface RunningWorker {
  readonly owner: string;
  /** Finishes the step in progress (never abandons one half-way), then stops. */
  stop(): Promise<void>;
}

/** A unique worker id: host, process and a random suffix, so leases name their holder. */
export function workerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/**
 * The pipeline worker loop: run due steps back to back, then poll. Any number of workers may run
 * against one PostgreSQL database (claims are exclusive); with SQLite, one process is the norm.
 */
export function startWorker(options: StartWorkerOptions): RunningWorker {
  const owner = options.owner ?? workerId();
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  let stopping = false;
  let wake: (() => void) | undefined;

  const loop = (async () => {
    while (!stopping) {
      let steps = 0;
      try {
        for (; steps < MAX_STEPS_PER_BURST && !stopping; steps++) {
          const tick = await runWorkerOnce({ db: options.db, owner, steps: options.steps, log: options.log, ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}) });
          options.onTick?.(tick);
          if (!tick.worked) break;
        }
      } catch (error) {
        // The database is unreachable or the like: log and keep polling; leases keep the state safe.
        options.log.error("pipeline.worker_error", { owner, error });
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, steps >= MAX_STEPS_PER_BURST ? 0 : pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  options.log.info("pipeline.worker_started", { owner, pollMs });
  return {
    owner,
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      options.log.info("pipeline.worker_stopped", { owner });
    },
  };
}
