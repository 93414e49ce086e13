import "server-only";
/**
 * The incident page's health charts: for each affected service, error ratio, p99, availability and
 * H over the incident's window (from the metrics source), plus markers read from the event log.
 * Telemetry is stamped with the cluster's clock and the event log with the wall clock; with the
 * simulator accelerated they differ, so the series is mapped onto wall-clock time (the time the
 * timeline shows) through one reading of the cluster clock and its speed.
 */
import type { Db } from "../db/client";
import { ApiError } from "../http/api-error";
import { getIncidentOrThrow } from "../incidents/get-incident-or-throw";
import { measureHealthSeries } from "../telemetry/health-series";
import type { HealthScores } from "../telemetry/health";
import type { Telemetry } from "../telemetry/get-telemetry";
import { deriveIncidentView, type ChartMarker } from "./derive-incident-view";
import { toIncidentEventView } from "./incident-event-feed";

/** At most this many services are charted (the incident's own first). */
export const MAX_CHARTED_SERVICES = 4;
/** Points per series, at most: the step grows with the window. */
export const MAX_POINTS = 120;
/** Cluster time shown before the trigger, so the chart starts from normal. */
export const LEAD_SECONDS = 300;

export interface HealthChartPoint {
  /** Wall-clock unix ms (the timeline's clock). */
  t: number;
  errorRatio: number | null;
  p99Ms: number | null;
  availability: number | null;
  health: number | null;
  scores: HealthScores | null;
}

export interface IncidentHealth {
  namespace: string | null;
  /** Telemetry source kind, or null when none is configured. */
  source: string | null;
  /** Cluster seconds per wall second (the simulator may run accelerated). */
  clockSpeed: number;
  window: { start: number; end: number; stepSeconds: number };
  services: { service: string; points: HealthChartPoint[]; error: string | null }[];
  markers: ChartMarker[];
  /** Why there is nothing to chart, in words (no metrics source, no service known). */
  note: string | null;
}

export interface GetIncidentHealthOptions {
  db: Db;
  telemetry: Telemetry | null;
  incidentId: string;
  signal?: AbortSignal;
}

/** Health series and markers of an incident. 404 when it does not exist; telemetry failures are reported per service. */
export async function getIncidentHealth({ db, telemetry, incidentId, signal }: GetIncidentHealthOptions): Promise<IncidentHealth> {
  const incident = await getIncidentOrThrow({ db, id: incidentId });
  const rows = await db.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } });
  const view = deriveIncidentView(rows.map(toIncidentEventView));
  const alerts = await db.alert.findMany({ where: { incidentId }, select: { service: true, namespace: true }, take: 200 });
  const namespace = incident.namespace ?? alerts.find((a) => a.namespace)?.namespace ?? view.transactions.at(-1)?.namespace ?? null;
  const services = [
    ...new Set(
      [incident.service, view.diagnosis?.service, ...view.transactions.map((t) => t.targetService), ...alerts.map((a) => a.service)].filter((s): s is string => !!s),
    ),
  ].slice(0, MAX_CHARTED_SERVICES);
  const markers = [...view.markers];
  if (incident.resolvedAt && !markers.some((m) => m.kind === "resolved")) markers.push({ kind: "resolved", at: incident.resolvedAt, label: "resolved", eventId: 0 });

  const wallNow = Date.now();
  const startWall = Date.parse(incident.triggeredAt);
  const endWall = incident.closedAt ? Math.min(wallNow, Date.parse(incident.closedAt) + 60_000) : wallNow;
  const empty = (note: string): IncidentHealth => ({
    namespace,
    source: telemetry?.source.kind ?? null,
    clockSpeed: 1,
    window: { start: startWall, end: endWall, stepSeconds: 0 },
    services: [],
    markers,
    note,
  });
  if (!telemetry) return empty("No metrics source is configured: set PROMETHEUS_URL, or run the built-in simulator.");
  if (!namespace || services.length === 0) return empty("The incident names no service and namespace, so there is nothing to chart.");

  let clock;
  try {
    clock = await telemetry.readClock();
  } catch (error) {
    throw new ApiError("internal", `cannot read the cluster clock: ${(error as Error).message}`);
  }
  const toCluster = (wallMs: number) => clock.now.getTime() - (clock.wallMs - wallMs) * clock.speed;
  const toWall = (clusterMs: number) => clock.wallMs - (clock.now.getTime() - clusterMs) / clock.speed;
  const start = new Date(toCluster(startWall) - LEAD_SECONDS * 1000);
  const end = new Date(toCluster(endWall));
  const spanSeconds = Math.max(60, (end.getTime() - start.getTime()) / 1000);
  const stepSeconds = Math.max(5, Math.ceil(spanSeconds / MAX_POINTS / 5) * 5);

  const charted = await Promise.all(
    services.map(async (service) => {
      try {
        const series = await measureHealthSeries({ source: telemetry.source, namespace, service, start, end, stepSeconds, slos: telemetry.slos, ...(signal ? { signal } : {}) });
        return {
          service,
          error: null,
          points: series.points.map(({ clusterMs, errorRatio, p99Ms, availability, health, scores }) => ({ t: Math.round(toWall(clusterMs)), errorRatio, p99Ms, availability, health, scores })),
        };
      } catch (error) {
        return { service, points: [], error: `telemetry for ${service} could not be read: ${(error as Error).message}` };
      }
    }),
  );
  return {
    namespace,
    source: telemetry.source.kind,
    clockSpeed: clock.speed,
    window: { start: Math.round(toWall(start.getTime())), end: endWall, stepSeconds },
    services: charted,
    markers,
    note: null,
  };
}
