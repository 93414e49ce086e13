import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/sqlite/client";
import { isSqliteClient, writeTransaction, type Tx } from "../db/transaction";
import { insertAlertRows, insertEventRows, updateAlertRows, type AlertRow, type AlertRowUpdate, type EventRow } from "./alert-rows-sql";
import { INCIDENT_EVENT_TYPES } from "../events/event-types";
import { applyLifecycleEventInTx } from "../incidents/apply-lifecycle-event";
import { OPEN_INCIDENT_WHERE } from "../incidents/open-incidents";
import type { LifecycleState } from "../incidents/lifecycle";

/** A new incident waits for the detection agent; `nextRunAt` makes it due for the pipeline worker at once. */
const INITIAL_INCIDENT_STATE: LifecycleState = "DETECTING";
import { groupKeyOf } from "./group-key";
import { SEVERITY_RANK, type NormalizedAlert, type Severity } from "./types";

export interface IngestAlertsOptions {
  db: Db;
  alerts: NormalizedAlert[];
  /** A firing alert joins an open incident with the same group key whose last alert is at most this old. */
  groupWindowMs: number;
  /** Time of receipt (defaults to now). */
  now?: Date;
}

/** What happened to one alert: stored new, updated in place (a repeat), or resolved. */
export type IngestOutcome = "created" | "updated" | "resolved";

export interface IngestedAlert {
  id: string;
  fingerprint: string;
  status: "firing" | "resolved";
  outcome: IngestOutcome;
  incidentId: string | null;
}

export interface IngestResult {
  /** One entry per input alert, in input order. */
  alerts: IngestedAlert[];
  /** Incidents opened or changed by this batch. */
  incidentIds: string[];
}

interface KnownAlert {
  id: string;
  source: string;
  fingerprint: string;
  startsAt: Date;
  status: string;
  incidentId: string | null;
  /** Set when the row is created by this batch (not yet in the database). */
  pending?: AlertRow;
}

interface OpenIncident {
  id: string;
  severity: Severity;
  isNew: boolean;
  touched: boolean;
  severityRaised: boolean;
}

const exactKey = (source: string, fingerprint: string, startsAt: Date) => `${source}\u0000${fingerprint}\u0000${startsAt.getTime()}`;
const fingerprintKey = (source: string, fingerprint: string) => `${source}\u0000${fingerprint}`;
function updatableColumns(alert: NormalizedAlert): Omit<AlertRowUpdate, "id"> {
  return {
    status: alert.status,
    severity: alert.severity,
    name: alert.name,
    summary: alert.summary,
    description: alert.description,
    labels: alert.labels,
    annotations: alert.annotations,
    endsAt: alert.endsAt,
    generatorUrl: alert.generatorUrl,
    raw: alert.raw ?? null,
  };
}

/**
 * Stores a batch of normalized alerts in one transaction, with a fixed number of set-based
 * queries whatever the batch size:
 * - deduplication: the same source, fingerprint and start time is the same alert, updated in
 *   place; so is a notification whose fingerprint is still firing under another start time
 *   (sources without a stable start time stamp each notification with its own);
 * - a resolved notification resolves its alert;
 * - grouping: a new firing alert joins the open incident with its group key seen within the
 *   window, else opens a new incident; when all of an incident's alerts have resolved, the
 *   lifecycle's `alerts.cleared` event is applied (which resolves an incident no agent is working on);
 * - every change appends an `IncidentEvent`.
 */
export async function ingestAlerts(options: IngestAlertsOptions): Promise<IngestResult> {
  const { db, alerts, groupWindowMs } = options;
  const now = options.now ?? new Date();
  if (alerts.length === 0) return { alerts: [], incidentIds: [] };
  const dialect = isSqliteClient(db) ? "sqlite" : "postgresql";

  return writeTransaction(db, async (tx) => {
    if (dialect === "postgresql") await lockGroups(tx, alerts);

    const bySource = new Map<string, Set<string>>();
    for (const alert of alerts) {
      if (!bySource.has(alert.source)) bySource.set(alert.source, new Set());
      bySource.get(alert.source)!.add(alert.fingerprint);
    }
    const rows = await tx.alert.findMany({
      where: { OR: [...bySource].map(([source, fingerprints]) => ({ source, fingerprint: { in: [...fingerprints] } })) },
      select: { id: true, source: true, fingerprint: true, startsAt: true, status: true, incidentId: true },
    });
    const exact = new Map<string, KnownAlert>();
    const latestFiring = new Map<string, KnownAlert>();
    const remember = (known: KnownAlert) => {
      exact.set(exactKey(known.source, known.fingerprint, known.startsAt), known);
      const key = fingerprintKey(known.source, known.fingerprint);
      const current = latestFiring.get(key);
      if (known.status === "firing" && (!current || current.startsAt <= known.startsAt)) latestFiring.set(key, known);
    };
    rows.forEach(remember);

    const groupKeys = [...new Set(alerts.filter((a) => a.status === "firing").map(groupKeyOf))];
    const openRows = groupKeys.length
      ? await tx.incident.findMany({
          where: { groupKey: { in: groupKeys }, ...OPEN_INCIDENT_WHERE, lastAlertAt: { gte: new Date(now.getTime() - groupWindowMs) } },
          orderBy: { lastAlertAt: "desc" },
          select: { id: true, severity: true, groupKey: true },
        })
      : [];
    const openIncidents = new Map<string, OpenIncident>();
    for (const row of openRows) {
      if (!openIncidents.has(row.groupKey)) {
        openIncidents.set(row.groupKey, { id: row.id, severity: row.severity as Severity, isNew: false, touched: false, severityRaised: false });
      }
    }

    const incidentCreates: Prisma.IncidentCreateManyInput[] = [];
    const alertCreates: AlertRow[] = [];
    const alertUpdates = new Map<string, AlertRowUpdate>();
    const events: EventRow[] = [];
    const resolvedIncidentCandidates = new Set<string>();
    const results: IngestedAlert[] = [];

    for (const alert of alerts) {
      const existing =
        exact.get(exactKey(alert.source, alert.fingerprint, alert.startsAt)) ?? latestFiring.get(fingerprintKey(alert.source, alert.fingerprint));

      if (existing) {
        const resolving = alert.status === "resolved" && existing.status === "firing";
        // A late "firing" repeat must not reopen an alert that already resolved.
        const status = existing.status === "resolved" ? "resolved" : alert.status;
        const columns = { ...updatableColumns(alert), status, endsAt: status === "resolved" ? (alert.endsAt ?? now) : alert.endsAt };
        if (existing.pending) {
          Object.assign(existing.pending, columns);
          existing.pending.receivedCount += 1;
        } else {
          // Several repeats in one batch: the last one's fields win, each one is counted.
          const previous = alertUpdates.get(existing.id);
          alertUpdates.set(existing.id, { id: existing.id, ...columns });
          if (previous) await updateAlertRows(tx, dialect, [previous], now);
        }
        if (resolving) {
          existing.status = "resolved";
          latestFiring.delete(fingerprintKey(alert.source, alert.fingerprint));
          if (existing.incidentId) {
            events.push({
              incidentId: existing.incidentId,
              type: INCIDENT_EVENT_TYPES.alertResolved,
              payload: { alertId: existing.id, fingerprint: alert.fingerprint, name: alert.name, endsAt: columns.endsAt },
            });
            resolvedIncidentCandidates.add(existing.incidentId);
          }
        }
        results.push({ id: existing.id, fingerprint: alert.fingerprint, status, outcome: resolving ? "resolved" : "updated", incidentId: existing.incidentId });
        continue;
      }

      const id = randomUUID();
      let incidentId: string | null = null;
      if (alert.status === "firing") {
        const groupKey = groupKeyOf(alert);
        let incident = openIncidents.get(groupKey);
        if (!incident) {
          incident = { id: randomUUID(), severity: alert.severity, isNew: true, touched: true, severityRaised: false };
          openIncidents.set(groupKey, incident);
          incidentCreates.push({
            id: incident.id,
            title: alert.summary || alert.name,
            severity: alert.severity,
            state: INITIAL_INCIDENT_STATE,
            cluster: alert.cluster,
            namespace: alert.namespace,
            service: alert.service,
            groupKey,
            triggeredAt: alert.startsAt < now ? alert.startsAt : now,
            lastAlertAt: now,
            nextRunAt: now,
          });
          events.push({
            incidentId: incident.id,
            type: INCIDENT_EVENT_TYPES.incidentOpened,
            payload: { alertId: id, fingerprint: alert.fingerprint, name: alert.name, severity: alert.severity, groupKey, source: alert.source },
          });
        } else {
          incident.touched = true;
          events.push({
            incidentId: incident.id,
            type: INCIDENT_EVENT_TYPES.alertAttached,
            payload: { alertId: id, fingerprint: alert.fingerprint, name: alert.name, severity: alert.severity, source: alert.source },
          });
          if (SEVERITY_RANK[alert.severity] > SEVERITY_RANK[incident.severity]) {
            events.push({
              incidentId: incident.id,
              type: INCIDENT_EVENT_TYPES.severityChanged,
              payload: { from: incident.severity, to: alert.severity, alertId: id },
            });
            incident.severity = alert.severity;
            incident.severityRaised = true;
          }
        }
        incidentId = incident.id;
      }
      // A resolve for an alert we never saw firing is kept for the record but opens nothing.
      const create: AlertRow = {
        id,
        source: alert.source,
        externalId: alert.externalId,
        fingerprint: alert.fingerprint,
        startsAt: alert.startsAt,
        cluster: alert.cluster,
        namespace: alert.namespace,
        service: alert.service,
        receivedCount: 1,
        incidentId,
        ...updatableColumns(alert),
      };
      alertCreates.push(create);
      remember({ id, source: alert.source, fingerprint: alert.fingerprint, startsAt: alert.startsAt, status: alert.status, incidentId, pending: create });
      results.push({ id, fingerprint: alert.fingerprint, status: alert.status, outcome: "created", incidentId });
    }

    const incidentById = new Map([...openIncidents.values()].map((i) => [i.id, i]));
    if (incidentCreates.length > 0) {
      for (const create of incidentCreates) create.severity = incidentById.get(create.id as string)!.severity;
      await tx.incident.createMany({ data: incidentCreates });
    }
    const touchedExisting = [...openIncidents.values()].filter((i) => !i.isNew && i.touched);
    if (touchedExisting.length > 0) {
      await tx.incident.updateMany({ where: { id: { in: touchedExisting.map((i) => i.id) } }, data: { lastAlertAt: now } });
      for (const severity of new Set(touchedExisting.filter((i) => i.severityRaised).map((i) => i.severity))) {
        const ids = touchedExisting.filter((i) => i.severityRaised && i.severity === severity).map((i) => i.id);
        await tx.incident.updateMany({ where: { id: { in: ids } }, data: { severity } });
      }
    }
    if (alertCreates.length > 0) await insertAlertRows(tx, dialect, alertCreates, now);
    if (alertUpdates.size > 0) await updateAlertRows(tx, dialect, [...alertUpdates.values()], now);

    // The batch's own events first, so a state change below lands after the alerts that caused it.
    if (events.length > 0) await insertEventRows(tx, dialect, events, now);
    const changedIncidentIds = new Set(events.map((e) => e.incidentId));

    if (resolvedIncidentCandidates.size > 0) {
      const candidates = [...resolvedIncidentCandidates];
      const stillFiring = await tx.alert.groupBy({
        by: ["incidentId"],
        where: { incidentId: { in: candidates }, status: "firing" },
        _count: { _all: true },
      });
      const firingIds = new Set(stillFiring.map((row) => row.incidentId));
      for (const incidentId of candidates.filter((id) => !firingIds.has(id))) {
        const clearedAlerts = await tx.alert.count({ where: { incidentId } });
        // The lifecycle decides what clearing means in the incident's state (resolved, or recorded
        // while a transaction is in flight); a closed incident refuses and stays as it is.
        const applied = await applyLifecycleEventInTx(tx, { incidentId, event: { type: "alerts.cleared", payload: { clearedAlerts } }, now });
        if (applied.ok) changedIncidentIds.add(incidentId);
      }
    }

    return { alerts: results, incidentIds: [...changedIncidentIds] };
  });
}

/**
 * PostgreSQL: concurrent requests (or processes) may carry alerts for the same group or the same
 * fingerprint; transaction-scoped advisory locks on both, taken in sorted order (so no deadlock),
 * make the find-or-create of incidents and alerts atomic.
 */
async function lockGroups(tx: Tx, alerts: NormalizedAlert[]): Promise<void> {
  const keys = [...new Set([...alerts.map(groupKeyOf), ...alerts.map((a) => `fingerprint:${a.source}:${a.fingerprint}`)])].sort();
  // count(*) makes PostgreSQL evaluate every row; unnest yields the sorted keys in order.
  await tx.$queryRaw`SELECT count(*)::int AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest(${keys}::text[]) AS t(k)) AS locks`;
}
