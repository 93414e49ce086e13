import "server-only";
/**
 * The live tail of every incident's event log: one shared `EventTail` per incident (and database
 * client) with subscribers, kept on `globalThis` so that every route bundle Next.js builds, and a
 * writer anywhere in the process, see the same registry.
 */
import type { Db } from "../db/client";
import type { IncidentEventView } from "../incidents/incident-views";
import { log } from "../log";
import { EventTail, type EventTailOptions } from "./event-tail";

/** Tuning of the tails the registry creates (tests shorten the grace period). */
export type IncidentTailTuning = Pick<EventTailOptions<IncidentEventView>, "intervalMs" | "lateCommitGraceMs" | "batchSize">;

interface Registry {
  /** By database client (tests use several), then by incident id. */
  byDb: WeakMap<object, Map<string, EventTail<IncidentEventView>>>;
  /** Incident ids with a tail in any database, for `notifyIncidentEvents`. */
  live: Map<string, Set<EventTail<IncidentEventView>>>;
}

const globalForFeed = globalThis as unknown as { agenticSreIncidentFeed?: Registry };

function registry(): Registry {
  globalForFeed.agenticSreIncidentFeed ??= { byDb: new WeakMap(), live: new Map() };
  return globalForFeed.agenticSreIncidentFeed;
}

/** An event row as the API shows it. */
export function toIncidentEventView(row: { id: number; type: string; payload: unknown; createdAt: Date }): IncidentEventView {
  return { id: row.id, type: row.type, payload: (row.payload ?? {}) as Record<string, unknown>, createdAt: row.createdAt.toISOString() };
}

export interface SubscribeIncidentEventsOptions {
  db: Db;
  incidentId: string;
  /** Resume point: events with a larger id are delivered (0: from the start). */
  afterId: number;
  /** New events, in id order, each exactly once. */
  onEvents: (events: IncidentEventView[]) => void;
  tuning?: IncidentTailTuning;
}

/** Subscribes to an incident's events; returns the unsubscribe function. */
export function subscribeIncidentEvents({ db, incidentId, afterId, onEvents, tuning }: SubscribeIncidentEventsOptions): () => void {
  const reg = registry();
  let tails = reg.byDb.get(db);
  if (!tails) {
    tails = new Map();
    reg.byDb.set(db, tails);
  }
  let tail = tails.get(incidentId);
  if (!tail) {
    const created: EventTail<IncidentEventView> = new EventTail<IncidentEventView>({
      ...tuning,
      fetchAfter: async (after, limit) => {
        const rows = await db.incidentEvent.findMany({ where: { incidentId, id: { gt: after } }, orderBy: { id: "asc" }, take: limit });
        return rows.map(toIncidentEventView);
      },
      onError: (error) => log.warn("events.tail_failed", { incidentId, error: error instanceof Error ? error.message : String(error) }),
      onIdle: () => {
        if (tails!.get(incidentId) === created) tails!.delete(incidentId);
        const set = reg.live.get(incidentId);
        set?.delete(created);
        if (set && set.size === 0) reg.live.delete(incidentId);
      },
    });
    tail = created;
    tails.set(incidentId, tail);
    const set = reg.live.get(incidentId) ?? new Set();
    set.add(tail);
    reg.live.set(incidentId, set);
  }
  return tail.subscribe({ afterId, deliver: onEvents });
}

/**
 * Wakes this process's tail of an incident at once, after a writer in this process appended to its
 * event log (call it after the transaction commits). Optional: without it the tail still finds the
 * events on its next poll, which is how events from other processes arrive.
 */
export function notifyIncidentEvents(incidentId: string): void {
  for (const tail of registry().live.get(incidentId) ?? []) tail.nudge();
}

/** Shared pollers running now (one per incident with subscribers), for tests and benchmarks. */
export function incidentTailStats(db: Db, incidentId: string): { subscribers: number; polls: number } | null {
  const tail = registry().byDb.get(db)?.get(incidentId);
  return tail ? { subscribers: tail.size, polls: tail.polls } : null;
}
