import { describe, expect, it } from "vitest";
import { recordingMetricsSource, type MetricsRead } from "../../telemetry/recording-metrics-source";
import type { MetricSeries, MetricsSource } from "../../telemetry/types";
import type { ClusterClients } from "../../cluster/client";
import { runTool } from "../run-tool";
import type { ToolContext } from "../types";
import { MAX_PRINTED_POINTS } from "./series-summary";

const NOW = new Date("2026-11-21T12:00:00Z");

/** A source answering a rising error ratio for every service and edge query, and recording what it was asked. */
function fakeSource(queries: unknown[]): MetricsSource {
  const series = (query: { start: Date; end: Date; stepSeconds: number; metric: string }, target: MetricSeries["target"]): MetricSeries => {
    const points: MetricSeries["points"] = [];
    for (let t = query.start.getTime() / 1000, i = 0; t <= query.end.getTime() / 1000; t += query.stepSeconds, i++) points.push([t, i < 3 ? null : i / 100]);
    return { metric: query.metric as MetricSeries["metric"], target, stepSeconds: query.stepSeconds, windowSeconds: 60, points };
  };
  return {
    kind: "fake",
    async serviceSeries(q) {
      queries.push(q);
      return series(q, { kind: "service", namespace: q.namespace, service: q.service });
    },
    async edgeSeries(q) {
      queries.push(q);
      return series(q, { kind: "edge", namespace: q.namespace, from: q.from, to: q.to });
    },
    async instant() {
      return 0.5;
    },
    async podHealth() {
      throw new Error("kube-state-metrics unreachable");
    },
    async listServices() {
      return ["cart", "checkout"];
    },
  };
}

const ctx = (metrics?: MetricsSource): ToolContext => ({ clients: {} as ClusterClients, defaultNamespace: "shop", now: () => NOW, ...(metrics ? { metrics } : {}) });

describe("service_metrics and edge_metrics", () => {
  it("reads the window ending now from the source and summarizes each series with min, max, last and sampled points", async () => {
    const queries: { start: Date; end: Date; metric: string }[] = [];
    const result = await runTool(ctx(fakeSource(queries)), "service_metrics", { service: "checkout", metrics: ["error_ratio"], lookbackMinutes: 30 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(queries).toHaveLength(1);
    expect(queries[0]!.end).toEqual(NOW);
    expect(queries[0]!.start).toEqual(new Date(NOW.getTime() - 30 * 60_000));
    expect(result.output).toContain("Service shop/checkout, last 30 min");
    expect(result.output).toMatch(/error_ratio: min=0\.03 max=0\.6 last=0\.6/);
    const printed = result.output.split("step 30s: ")[1]!.split(" ");
    expect(printed.length).toBeLessThanOrEqual(MAX_PRINTED_POINTS + 1);
    expect(printed[0]).toContain("=gap");
    expect(result.truncated).toBe(true);
  });

  it("reads an edge's default metrics", async () => {
    const queries: { metric: string }[] = [];
    const result = await runTool(ctx(fakeSource(queries)), "edge_metrics", { from: "checkout", to: "payment" });
    expect(result.ok && result.output.startsWith("Calls checkout -> payment in shop, last 15 min")).toBe(true);
    expect(queries.map((q) => q.metric)).toEqual(["call_rate", "error_ratio", "connection_refused_rate", "timeout_rate"]);
  });

  it("refuses unknown metrics and bad names with the field, and says when no source is configured", async () => {
    const bad = await runTool(ctx(fakeSource([])), "service_metrics", { service: "checkout", metrics: ["cpu"] });
    expect(bad.ok || bad.error).toMatch(/^metrics\.0: /);
    const name = await runTool(ctx(fakeSource([])), "edge_metrics", { from: "Checkout!", to: "payment" });
    expect(name.ok || name.error).toMatch(/^from: must be a service name/);
    const none = await runTool(ctx(), "service_metrics", { service: "checkout" });
    expect(none.ok || none.error).toMatch(/no metrics source is configured/);
  });
});

describe("recordingMetricsSource", () => {
  it("reports each read with its query (no signal, ISO dates), a summary and its duration; failures are reported and rethrown", async () => {
    const reads: MetricsRead[] = [];
    const source = recordingMetricsSource(fakeSource([]), (read) => reads.push(read));
    const controller = new AbortController();
    await source.serviceSeries({ namespace: "shop", service: "cart", metric: "error_ratio", start: new Date(NOW.getTime() - 60_000), end: NOW, stepSeconds: 10, signal: controller.signal });
    await source.listServices("shop");
    await expect(source.podHealth({ namespace: "shop", service: "cart", at: NOW })).rejects.toThrow(/unreachable/);
    expect(reads.map((r) => [r.method, r.ok])).toEqual([["serviceSeries", true], ["listServices", true], ["podHealth", false]]);
    expect(reads[0]!.params).toEqual({ namespace: "shop", service: "cart", metric: "error_ratio", start: "2026-11-21T11:59:00.000Z", end: "2026-11-21T12:00:00.000Z", stepSeconds: 10 });
    expect(reads[0]!.output).toBe("7 points, min=0.03 max=0.06 last=0.06");
    expect(reads[1]!.output).toBe('["cart","checkout"]');
    expect(reads[2]!.output).toMatch(/kube-state-metrics unreachable/);
    expect(reads.every((r) => r.durationMs >= 0)).toBe(true);
  });
});
