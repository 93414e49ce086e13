import "server-only";
/** edge_metrics: telemetry of calls from one service to another (a call-graph edge). */
import { z } from "zod";
import { EDGE_METRICS } from "../../telemetry/metric-names";
import { namespaceParam } from "../params";
import { defineTool, toolError } from "../types";
import { summarizedSeriesResult } from "./series-summary";
import { lookbackParam, serviceNameParam, windowBounds } from "./telemetry-params";

export const edgeMetricsTool = defineTool({
  name: "edge_metrics",
  description:
    "Time series of the calls from service `from` to service `to`: call_rate, error_ratio, success_rate, server_error_rate, connection_refused_rate, timeout_rate, dns_error_rate (per second). Shows how a dependency fails as its caller sees it.",
  parameters: z
    .object({
      namespace: namespaceParam,
      from: serviceNameParam.describe("Calling service"),
      to: serviceNameParam.describe("Called service"),
      metrics: z.array(z.enum(EDGE_METRICS)).min(1).max(EDGE_METRICS.length).optional().describe("Metrics to read (default: call_rate, error_ratio, connection_refused_rate, timeout_rate)"),
      lookbackMinutes: lookbackParam,
    })
    .strict(),
  async run(ctx, params) {
    const source = ctx.metrics;
    if (!source) return toolError("no metrics source is configured (set PROMETHEUS_URL or run the simulator)");
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const { start, end, stepSeconds } = windowBounds(ctx.now(), params.lookbackMinutes);
    const metrics = params.metrics ?? (["call_rate", "error_ratio", "connection_refused_rate", "timeout_rate"] as const);
    return summarizedSeriesResult({
      heading: `Calls ${params.from} -> ${params.to} in ${namespace}, last ${params.lookbackMinutes ?? 15} min`,
      metrics,
      read: (metric) => source.edgeSeries({ namespace, from: params.from, to: params.to, metric, start, end, stepSeconds }),
      extra: { namespace, from: params.from, to: params.to, stepSeconds },
    });
  },
});
