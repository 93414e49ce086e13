"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One line: a service's values at wall-clock instants. */
export interface ChartSeries {
  name: string;
  points: { t: number; value: number | null }[];
}

/** A vertical line at `at`, or a band to `endAt`. */
export interface ChartMarkerProps {
  at: number;
  endAt?: number;
  label: string;
  kind: string;
}

export interface HealthChartProps {
  title: string;
  series: ChartSeries[];
  markers: ChartMarkerProps[];
  domain: [number, number];
  yDomain?: [number | "auto", number | "auto"];
  formatValue: (value: number) => string;
  /** An SLO or threshold line. */
  threshold?: { value: number; label: string };
}

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)"];
// Dash patterns tell the lines apart without colour.
const DASHES = ["", "6 3", "2 3", "10 4 2 4"];
const clock = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** A presentational time-series chart with incident markers (data in props, no fetching). */
export function HealthChart({ title, series, markers, domain, yDomain = [0, "auto"], formatValue, threshold }: HealthChartProps) {
  const rows = new Map<number, Record<string, number | null>>();
  for (const s of series) {
    for (const p of s.points) {
      const row = rows.get(p.t) ?? { t: p.t };
      row[s.name] = p.value;
      rows.set(p.t, row);
    }
  }
  const data = [...rows.values()].sort((a, b) => (a.t as number) - (b.t as number));
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" domain={domain} scale="time" tickFormatter={clock} stroke="var(--muted)" fontSize={11} />
          <YAxis domain={yDomain} tickFormatter={formatValue} stroke="var(--muted)" fontSize={11} width={52} />
          <Tooltip labelFormatter={(t) => clock(Number(t))} formatter={(v) => (typeof v === "number" ? formatValue(v) : "no data")} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {markers.map((m, i) =>
            m.endAt !== undefined ? (
              <ReferenceArea key={i} x1={m.at} x2={m.endAt} fill="var(--band)" fillOpacity={0.5} label={{ value: m.label, position: "insideTop", fontSize: 10, fill: "var(--muted)" }} />
            ) : (
              <ReferenceLine key={i} x={m.at} stroke={`var(--marker-${m.kind}, var(--muted))`} strokeDasharray="4 2" label={{ value: m.label, position: "insideTopLeft", fontSize: 10, fill: "var(--text)" }} />
            ),
          )}
          {threshold ? <ReferenceLine y={threshold.value} stroke="var(--critical)" strokeDasharray="2 2" label={{ value: threshold.label, position: "insideBottomRight", fontSize: 10, fill: "var(--critical)" }} /> : null}
          {series.map((s, i) => (
            <Line key={s.name} type="monotone" dataKey={s.name} stroke={COLORS[i % COLORS.length]} strokeDasharray={DASHES[i % DASHES.length]} dot={false} isAnimationActive={false} connectNulls={false} strokeWidth={2} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
