/**
 * Conversion between autoscaling/v1 and autoscaling/v2 HorizontalPodAutoscalers (v2 is the
 * storage version). v1 only knows a CPU utilization target; other v2 metrics are kept when a
 * v1 client updates an object, as the real server keeps them (it uses annotations for that).
 */
import { cloneJson, isJsonObject, type JsonObject } from "../store/json-value";

type Metric = JsonObject;

function cpuMetric(metrics: unknown): Metric | undefined {
  if (!Array.isArray(metrics)) return undefined;
  return metrics.filter(isJsonObject).find((m) => m.type === "Resource" && isJsonObject(m.resource) && m.resource.name === "cpu");
}

/** v2 (stored) to v1 (served). */
export function hpaV2ToV1(object: JsonObject): JsonObject {
  const out = cloneJson(object);
  out.apiVersion = "autoscaling/v1";
  const spec = isJsonObject(out.spec) ? out.spec : {};
  const cpu = cpuMetric(spec.metrics);
  const target = isJsonObject(cpu?.resource) && isJsonObject(cpu.resource.target) ? cpu.resource.target : undefined;
  delete spec.metrics;
  delete spec.behavior;
  if (typeof target?.averageUtilization === "number") spec.targetCPUUtilizationPercentage = target.averageUtilization;
  if (isJsonObject(out.status)) {
    const status = out.status;
    const current = cpuMetric(status.currentMetrics);
    const now = isJsonObject(current?.resource) && isJsonObject(current.resource.current) ? current.resource.current : undefined;
    delete status.currentMetrics;
    delete status.conditions;
    if (typeof now?.averageUtilization === "number") status.currentCPUUtilizationPercentage = now.averageUtilization;
  }
  return out;
}

/** v1 (request) to v2 (stored); `stored` is the current v2 object on updates, to keep metrics v1 cannot express. */
export function hpaV1ToV2(object: JsonObject, stored?: JsonObject): JsonObject {
  const out = cloneJson(object);
  out.apiVersion = "autoscaling/v2";
  const spec = isJsonObject(out.spec) ? out.spec : {};
  out.spec = spec;
  const percent = spec.targetCPUUtilizationPercentage;
  delete spec.targetCPUUtilizationPercentage;
  const storedSpec = isJsonObject(stored?.spec) ? stored.spec : {};
  const others = Array.isArray(storedSpec.metrics) ? storedSpec.metrics.filter((m) => isJsonObject(m) && m !== cpuMetric(storedSpec.metrics)) : [];
  const metrics: unknown[] = [...cloneJson(others)];
  if (typeof percent === "number") metrics.unshift({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: percent } } });
  if (metrics.length > 0) spec.metrics = metrics;
  if (storedSpec.behavior !== undefined) spec.behavior = cloneJson(storedSpec.behavior);
  if (isJsonObject(out.status)) {
    const status = out.status;
    const current = status.currentCPUUtilizationPercentage;
    delete status.currentCPUUtilizationPercentage;
    if (typeof current === "number") status.currentMetrics = [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: current } } }];
  }
  return out;
}
