import "server-only";
import type { Db } from "../db/client";
import { AGENT_OWNED_STATES, LEGACY_STATE_ALIASES } from "./lifecycle";

/** Stored states the worker claims: agent-owned ones and legacy names for them (TRIGGERED). */
const CLAIMABLE_STATES: string[] = [
  ...AGENT_OWNED_STATES,
  ...Object.entries(LEGACY_STATE_ALIASES)
    .filter(([, state]) => AGENT_OWNED_STATES.includes(state))
    .map(([legacy]) => legacy),
];

export interface ClaimIncidentOptions {
  db: Db;
  /** A stable id of the worker process (host, pid, random suffix). */
  owner: string;
  leaseMs: number;
  now?: Date;
  /** How many due incidents to consider per call (the first one won is returned). */
  candidates?: number;
}

export interface ClaimedIncident {
  id: string;
  state: string;
  leaseExpiresAt: Date;
}

/**
 * Claims one incident that is due for the agents: in an agent-owned state, `nextRunAt` passed,
 * and no unexpired lease (a crashed worker's lease simply runs out). The claim is a conditional
 * update that re-checks the lease in the same statement, so of several workers racing for the
 * same row (any number, against one PostgreSQL database) exactly one wins.
 */
export async function claimNextIncident({ db, owner, leaseMs, now = new Date(), candidates = 5 }: ClaimIncidentOptions): Promise<ClaimedIncident | null> {
  const free = { OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] };
  const due = await db.incident.findMany({
    where: { state: { in: CLAIMABLE_STATES }, nextRunAt: { lte: now }, ...free },
    orderBy: { nextRunAt: "asc" },
    take: candidates,
    select: { id: true },
  });
  const leaseExpiresAt = new Date(now.getTime() + leaseMs);
  for (const { id } of due) {
    const won = await db.incident.updateMany({
      where: { id, state: { in: CLAIMABLE_STATES }, ...free },
      data: { leaseOwner: owner, leaseExpiresAt },
    });
    if (won.count === 1) {
      const row = await db.incident.findUniqueOrThrow({ where: { id }, select: { id: true, state: true } });
      return { ...row, leaseExpiresAt };
    }
  }
  return null;
}

/** Extends a lease the worker still holds; false when it was lost (expired and taken, or released). */
export async function renewLease({ db, incidentId, owner, leaseMs, now = new Date() }: { db: Db; incidentId: string; owner: string; leaseMs: number; now?: Date }): Promise<boolean> {
  const renewed = await db.incident.updateMany({
    where: { id: incidentId, leaseOwner: owner, leaseExpiresAt: { gt: now } },
    data: { leaseExpiresAt: new Date(now.getTime() + leaseMs) },
  });
  return renewed.count === 1;
}

/** Gives the incident back; `nextRunAt` says when a worker should look again (null: not until an event). */
export async function releaseLease({ db, incidentId, owner, nextRunAt }: { db: Db; incidentId: string; owner: string; nextRunAt?: Date | null }): Promise<void> {
  await db.incident.updateMany({
    where: { id: incidentId, leaseOwner: owner },
    data: { leaseOwner: null, leaseExpiresAt: null, ...(nextRunAt !== undefined ? { nextRunAt } : {}) },
  });
}
