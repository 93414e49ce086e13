"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState, type ComponentType } from "react";
import type { HealthChartPoint } from "@/lib/events/get-incident-health";
import type { HealthChartProps } from "../charts/health-chart";
import { incidentQueries } from "../incident-queries";
type HealthChartComponent = ComponentType<HealthChartProps>;

/**
 * Recharts is the heaviest module of the page: it is loaded after the timeline is usable. A load
 * that fails (the browser went offline, a deploy replaced the chunk) is shown in words and retried
 * when the browser is back online or on request, instead of failing the whole page.
 */
function useHealthChartModule(): { Chart: HealthChartComponent | null; failed: string | null; retry: () => void } {
  const [Chart, setChart] = useState<HealthChartComponent | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    import("../charts/health-chart")
      .then((module) => {
        if (!cancelled) {
          setChart(() => module.HealthChart);
          setFailed(null);
        }
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailed(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
    };
  }, [attempt]);
  useEffect(() => {
    if (!failed) return;
    const retry = () => setAttempt((n) => n + 1);
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [failed]);
  return { Chart, failed, retry: () => setAttempt((n) => n + 1) };
}

const METRICS: { key: keyof Pick<HealthChartPoint, "health" | "errorRatio" | "p99Ms" | "availability">; title: string; format: (v: number) => string; yDomain?: [number, number] }[] = [
  { key: "health", title: "Health score H (0–100)", format: (v) => v.toFixed(0), yDomain: [0, 100] },
  { key: "errorRatio", title: "Error ratio (5xx)", format: (v) => `${(v * 100).toFixed(1)}%` },
  { key: "p99Ms", title: "p99 latency", format: (v) => `${v.toFixed(0)} ms` },
  { key: "availability", title: "Availability (ready / desired replicas)", format: (v) => `${(v * 100).toFixed(0)}%`, yDomain: [0, 1] },
];

/** The affected services' health over the incident, with its markers; re-read every few seconds while open. */
export function HealthPanel({ incidentId, live }: { incidentId: string; live: boolean }) {
  const health = useQuery(incidentQueries.health(incidentId, live));
  const { Chart: HealthChart, failed: chartsFailed, retry: retryCharts } = useHealthChartModule();
  return (
    <section className="panel" aria-labelledby="health-heading" data-testid="health-panel">
      <h2 id="health-heading">Health</h2>
      {health.isPending ? <p className="muted">Reading telemetry…</p> : null}
      {health.isError ? (
        <p className="error" role="alert">
          Could not read the health series: {health.error.message}
        </p>
      ) : null}
      {health.data?.note ? <p className="muted">{health.data.note}</p> : null}
      {health.data && !health.data.note ? (
        <>
          <p className="muted small">
            {health.data.services.map((s) => s.service).join(", ")} in {health.data.namespace} from {health.data.source}
            {health.data.clockSpeed !== 1 ? `; the cluster clock runs ${health.data.clockSpeed}× (times shown are wall-clock)` : ""}. H here leaves out pod states; the mitigation cards show TNR&apos;s full checkpoints.
          </p>
          {health.data.services
            .filter((s) => s.error)
            .map((s) => (
              <p key={s.service} className="error">
                {s.error}
              </p>
            ))}
          {chartsFailed ? (
            <p className="error" role="alert">
              The charts could not load ({chartsFailed}); they retry when the connection is back.{" "}
              <button type="button" onClick={retryCharts}>
                Retry now
              </button>
            </p>
          ) : null}
          <div className="chart-grid">
            {METRICS.map((metric) =>
              !HealthChart ? (
                <div key={metric.key} className="chart chart-loading muted">
                  Loading chart…
                </div>
              ) : (
              <HealthChart
                key={metric.key}
                title={metric.title}
                domain={[health.data.window.start, Math.max(health.data.window.end, health.data.window.start + 60_000)]}
                {...(metric.yDomain ? { yDomain: metric.yDomain } : {})}
                formatValue={metric.format}
                series={health.data.services.map((s) => ({ name: s.service, points: s.points.map((p) => ({ t: p.t, value: p[metric.key] })) }))}
                markers={health.data.markers.map((m) => ({ at: Date.parse(m.at), ...(m.endAt ? { endAt: Date.parse(m.endAt) } : {}), label: m.label, kind: m.kind }))}
              />
              ),
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}
