import "server-only";
/** service_metrics: one service's telemetry over a recent window (rate, errors, latency, saturation). */
import { z } from "zod";
import { SERVICE_METRICS } from "../../telemetry/metric-names";
import { namespaceParam } from "../params";
import { defineTool, toolError } from "../types";
import { summarizedSeriesResult } from "./series-summary";
import { lookbackParam, serviceNameParam, windowBounds } from "./telemetry-params";

export const serviceMetricsTool = defineTool({
  name: "service_metrics",
  description:
    "Time series of a service's telemetry over the last minutes: request_rate, error_ratio, latency_p50/p95/p99 (seconds), availability, cpu_cores, memory_bytes, restarts. Answers min, max, last and sampled points per metric.",
  parameters: z
    .object({
      namespace: namespaceParam,
      service: serviceNameParam,
      metrics: z.array(z.enum(SERVICE_METRICS)).min(1).max(SERVICE_METRICS.length).optional().describe("Metrics to read (default: request_rate, error_ratio, latency_p99, availability)"),
      lookbackMinutes: lookbackParam,
    })
    .strict(),
  async run(ctx, params) {
    const source = ctx.metrics;
    if (!source) return toolError("no metrics source is configured (set PROMETHEUS_URL or run the simulator)");
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const { start, end, stepSeconds } = windowBounds(ctx.now(), params.lookbackMinutes);
    const metrics = params.metrics ?? (["request_rate", "error_ratio", "latency_p99", "availability"] as const);
    return summarizedSeriesResult({
      heading: `Service ${namespace}/${params.service}, last ${params.lookbackMinutes ?? 15} min`,
      metrics,
      read: (metric) => source.serviceSeries({ namespace, service: params.service, metric, start, end, stepSeconds }),
      extra: { namespace, service: params.service, stepSeconds },
    });
  },
});
