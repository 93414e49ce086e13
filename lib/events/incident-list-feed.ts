import "server-only";
/**
 * Live changes to the incident list: one shared poller per database client (on `globalThis`) reads
 * incidents whose `updatedAt` moved, and tells every subscriber (the `/` page's SSE streams) which
 * ones changed, so the browser refetches its list. `updatedAt` is set by the writer, possibly
 * another process, and a slow transaction can commit a timestamp older than one already read: the
 * poller re-reads the last `LIST_LATE_COMMIT_GRACE_MS` and reports each (id, updatedAt) once.
 */
import type { Db } from "../db/client";
import { log } from "../log";

/** Interval between polls of the incident table while anyone watches the list. */
export const LIST_POLL_INTERVAL_MS = 250;
/** How far back each poll re-reads `updatedAt`, for writers that commit late. */
export const LIST_LATE_COMMIT_GRACE_MS = 2_000;
/** Incidents read per poll. */
const LIST_BATCH = 500;

/** One incident that changed. */
export interface IncidentChange {
  id: string;
  state: string;
  updatedAt: string;
}

type Listener = (changes: IncidentChange[]) => void;

interface ListPoller {
  listeners: Set<Listener>;
  running: boolean;
  wake: (() => void) | null;
  /** Highest `updatedAt` seen (ms), or null before the first poll. */
  maxSeen: number | null;
  /** `updatedAt` (ms) last reported per incident inside the grace window. */
  seen: Map<string, number>;
}

const globalForList = globalThis as unknown as { agenticSreListFeed?: WeakMap<object, ListPoller> };

function pollerFor(db: Db): ListPoller {
  globalForList.agenticSreListFeed ??= new WeakMap();
  let poller = globalForList.agenticSreListFeed.get(db);
  if (!poller) {
    poller = { listeners: new Set(), running: false, wake: null, maxSeen: null, seen: new Map() };
    globalForList.agenticSreListFeed.set(db, poller);
  }
  return poller;
}

/** One poll: the changes since the last one (none on the first, which only sets the starting point). */
export async function pollIncidentChanges(db: Db, poller: Pick<ListPoller, "maxSeen" | "seen">): Promise<IncidentChange[]> {
  const firstPoll = poller.maxSeen === null;
  if (poller.maxSeen === null) {
    const latest = await db.incident.findFirst({ orderBy: { updatedAt: "desc" }, select: { updatedAt: true } });
    poller.maxSeen = latest?.updatedAt.getTime() ?? 0;
  }
  const rows = await db.incident.findMany({
    where: { updatedAt: { gt: new Date(poller.maxSeen - LIST_LATE_COMMIT_GRACE_MS) } },
    orderBy: { updatedAt: "asc" },
    take: LIST_BATCH,
    select: { id: true, state: true, updatedAt: true },
  });
  const changes: IncidentChange[] = [];
  for (const row of rows) {
    const at = row.updatedAt.getTime();
    if (poller.seen.get(row.id) === at) continue;
    poller.seen.set(row.id, at);
    if (at > poller.maxSeen) poller.maxSeen = at;
    changes.push({ id: row.id, state: row.state, updatedAt: row.updatedAt.toISOString() });
  }
  const cutoff = poller.maxSeen - LIST_LATE_COMMIT_GRACE_MS;
  for (const [id, at] of poller.seen) if (at <= cutoff) poller.seen.delete(id);
  // The first read only learns the rows of the window: the subscribers loaded the list themselves.
  return firstPoll ? [] : changes;
}

async function run(db: Db, poller: ListPoller): Promise<void> {
  poller.running = true;
  try {
    while (poller.listeners.size > 0) {
      try {
        const changes = await pollIncidentChanges(db, poller);
        if (changes.length > 0) {
          for (const listener of [...poller.listeners]) {
            try {
              listener(changes);
            } catch (error) {
              log.warn("events.list_listener_failed", { error: error instanceof Error ? error.message : String(error) });
            }
          }
        }
      } catch (error) {
        log.warn("events.list_poll_failed", { error: error instanceof Error ? error.message : String(error) });
      }
      if (poller.listeners.size === 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, LIST_POLL_INTERVAL_MS);
        poller.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      poller.wake = null;
    }
  } finally {
    poller.running = false;
    // Next time starts from the table as it is then.
    poller.maxSeen = null;
    poller.seen.clear();
    if (poller.listeners.size > 0) void run(db, poller);
  }
}

export interface SubscribeIncidentChangesOptions {
  db: Db;
  onChanges: (changes: IncidentChange[]) => void;
}

/** Subscribes to changes of any incident; returns the unsubscribe function. */
export function subscribeIncidentChanges({ db, onChanges }: SubscribeIncidentChangesOptions): () => void {
  const poller = pollerFor(db);
  poller.listeners.add(onChanges);
  if (!poller.running) void run(db, poller);
  return () => {
    poller.listeners.delete(onChanges);
    if (poller.listeners.size === 0) poller.wake?.();
  };
}

/** Wakes this process's list poller at once (a writer here just changed an incident). */
export function notifyIncidentChanges(db: Db): void {
  globalForList.agenticSreListFeed?.get(db)?.wake?.();
}
