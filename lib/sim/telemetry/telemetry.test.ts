import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopHarness, startWebhookReceiver, type ShopHarness, type WebhookReceiver } from "../scenarios/testing/shop-harness";
import { SHOP_NAMESPACE } from "../shop/topology";

/** One parsed sample line. */
interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict parser of the Prometheus text format 0.0.4: HELP/TYPE before samples of a family,
 * valid metric and label names, escaped label values, float values, no duplicate series,
 * histogram buckets cumulative with +Inf equal to _count.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: ParsedSample[] } {
  expect(text.endsWith("\n")).toBe(true);
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: ParsedSample[] = [];
  const seen = new Set<string>();
  const nameRe = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
  for (const line of text.slice(0, -1).split("\n")) {
    if (line.startsWith("# HELP ")) {
      const name = line.slice(7).split(" ")[0] ?? "";
      expect(helps.has(name), `duplicate HELP ${name}`).toBe(false);
      helps.add(name);
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const [name, type] = line.slice(7).split(" ");
      expect(["counter", "gauge", "histogram", "summary", "untyped"]).toContain(type);
      expect(types.has(name ?? ""), `duplicate TYPE ${name}`).toBe(false);
      types.set(name ?? "", type ?? "");
      continue;
    }
    expect(line.startsWith("#"), `unexpected comment: ${line}`).toBe(false);
    const name = nameRe.exec(line)?.[0];
    expect(name, `bad metric name in: ${line}`).toBeTruthy();
    let rest = line.slice(name!.length);
    const labels: Record<string, string> = {};
    if (rest.startsWith("{")) {
      rest = rest.slice(1);
      while (!rest.startsWith("}")) {
        const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(rest)?.[0];
        expect(labelName, `bad label in: ${line}`).toBeTruthy();
        rest = rest.slice(labelName!.length);
        expect(rest.startsWith('="'), `bad label syntax in: ${line}`).toBe(true);
        rest = rest.slice(2);
        let value = "";
        for (;;) {
          const ch = rest[0];
          expect(ch, `unterminated label value in: ${line}`).toBeDefined();
          if (ch === "\\") {
            const next = rest[1];
            expect(["\\", '"', "n"]).toContain(next);
            value += next === "n" ? "\n" : next;
            rest = rest.slice(2);
          } else if (ch === '"') {
            rest = rest.slice(1);
            break;
          } else {
            value += ch;
            rest = rest.slice(1);
          }
        }
        expect(labels[labelName!], `duplicate label in: ${line}`).toBeUndefined();
        labels[labelName!] = value;
        if (rest.startsWith(",")) rest = rest.slice(1);
      }
      rest = rest.slice(1);
    }
    const parts = rest.trim().split(" ");
    expect(rest.startsWith(" ")).toBe(true);
    expect(parts.length === 1 || parts.length === 2, `bad value part: ${line}`).toBe(true);
    const raw = parts[0] ?? "";
    expect(/^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|NaN|[+-]Inf)$/.test(raw), `bad value ${raw}`).toBe(true);
    const value = raw === "+Inf" ? Infinity : raw === "-Inf" ? -Infinity : Number(raw);
    const family = name!.replace(/_(bucket|sum|count)$/, "");
    expect(types.has(name!) || types.get(family) === "histogram", `sample before TYPE: ${name}`).toBe(true);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    expect(seen.has(key), `duplicate series ${key}`).toBe(false);
    seen.add(key);
    samples.push({ name: name!, labels, value });
  }
  return { types, samples };
}

function find(samples: ParsedSample[], name: string, labels: Record<string, string>): ParsedSample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

let receiver: WebhookReceiver;
let h: ShopHarness;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await createShopHarness(receiver, { warmupSeconds: 300 });
});
afterAll(async () => {
  h.stop();
  await receiver.close();
});

describe("GET /metrics", () => {
  it("is valid Prometheus text format with the real-world metric names", () => {
    const { types, samples } = parseExposition(h.shop.exposition());
    expect(types.get("http_server_requests_total")).toBe("counter");
    expect(types.get("http_server_request_duration_seconds")).toBe("histogram");
    expect(types.get("http_client_requests_total")).toBe("counter");
    expect(types.get("kube_pod_container_status_restarts_total")).toBe("counter");
    expect(types.get("kube_pod_status_ready")).toBe("gauge");
    expect(types.get("kube_deployment_status_replicas_available")).toBe("gauge");
    expect(types.get("container_cpu_usage_seconds_total")).toBe("counter");
    expect(types.get("container_memory_working_set_bytes")).toBe("gauge");
    expect(find(samples, "kube_pod_status_ready", { namespace: SHOP_NAMESPACE, condition: "true" }).length).toBe(22);
    expect(find(samples, "kube_deployment_status_replicas_available", { deployment: "frontend" })[0]?.value).toBe(2);
    expect(find(samples, "http_client_requests_total", { from: "frontend", to: "cart", outcome: "success" })[0]?.value).toBeGreaterThan(0);
  });

  it("has cumulative histogram buckets whose +Inf bucket equals _count", () => {
    const { samples } = parseExposition(h.shop.exposition());
    for (const service of ["frontend", "checkout", "catalog-db"]) {
      const buckets = find(samples, "http_server_request_duration_seconds_bucket", { service });
      const counts = buckets.map((b) => b.value);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(buckets.at(-1)?.labels.le).toBe("+Inf");
      expect(buckets.at(-1)?.value).toBe(find(samples, "http_server_request_duration_seconds_count", { service })[0]?.value);
    }
  });

  it("CPU follows request rate and memory is reported per container", () => {
    const { samples } = parseExposition(h.shop.exposition());
    const memory = find(samples, "container_memory_working_set_bytes", { namespace: SHOP_NAMESPACE });
    expect(memory.length).toBe(22);
    const cpuOf = (service: string) => h.shop.query.serviceValue(SHOP_NAMESPACE, service, "cpu_cores", h.shop.ring.latestMs ?? 0) ?? 0;
    // product-catalog serves far more requests than payment, so it burns more CPU.
    expect(cpuOf("product-catalog")).toBeGreaterThan(cpuOf("payment") * 2);
  });
});

describe("the query API", () => {
  it("agrees with two scrapes of /metrics taken one minute apart", async () => {
    const first = parseExposition(h.shop.exposition()).samples;
    await h.advance(60);
    const at = h.shop.ring.latestMs ?? 0;
    expect(at).toBe(h.cluster.clock.nowMs());
    const second = parseExposition(h.shop.exposition()).samples;
    const sum = (samples: ParsedSample[], name: string, labels: Record<string, string>, filter: (s: ParsedSample) => boolean = () => true) =>
      find(samples, name, labels)
        .filter(filter)
        .reduce((total, s) => total + s.value, 0);
    for (const service of ["frontend", "checkout", "product-catalog"]) {
      const labels = { namespace: SHOP_NAMESPACE, service };
      const rate = (sum(second, "http_server_requests_total", labels) - sum(first, "http_server_requests_total", labels)) / 60;
      expect(h.shop.query.serviceValue(SHOP_NAMESPACE, service, "request_rate", at, 60)).toBeCloseTo(rate, 9);
      const errors = (s: ParsedSample) => (s.labels.code ?? "").startsWith("5");
      const errorRatio = (sum(second, "http_server_requests_total", labels, errors) - sum(first, "http_server_requests_total", labels, errors)) / (rate * 60);
      expect(h.shop.query.serviceValue(SHOP_NAMESPACE, service, "error_ratio", at, 60)).toBeCloseTo(errorRatio, 9);
    }
    const edge = { namespace: SHOP_NAMESPACE, from: "frontend", to: "cart" };
    const calls = (sum(second, "http_client_requests_total", edge) - sum(first, "http_client_requests_total", edge)) / 60;
    expect(h.shop.query.edgeValue(SHOP_NAMESPACE, "frontend", "cart", "call_rate", at, 60)).toBeCloseTo(calls, 9);
  });

  it("answers range queries on the 10 s grid, with availability and percentiles", () => {
    const end = h.shop.ring.latestMs ?? 0;
    const result = h.shop.query.range({ target: { kind: "service", namespace: SHOP_NAMESPACE, service: "frontend" }, metric: "latency_p99", startMs: end - 120_000, endMs: end, stepSeconds: 30 });
    expect(result.points).toHaveLength(5);
    for (const [, value] of result.points) expect(value).toBeGreaterThan(0.01);
    const p50 = h.shop.query.serviceValue(SHOP_NAMESPACE, "frontend", "latency_p50", end) ?? 0;
    const p99 = h.shop.query.serviceValue(SHOP_NAMESPACE, "frontend", "latency_p99", end) ?? 0;
    expect(p99).toBeGreaterThan(p50);
    expect(h.shop.query.serviceValue(SHOP_NAMESPACE, "cart", "availability", end)).toBe(1);
  });
});
