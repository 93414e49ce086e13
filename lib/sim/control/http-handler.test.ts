import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopHarness, startWebhookReceiver, type ShopHarness, type WebhookReceiver } from "../scenarios/testing/shop-harness";

let receiver: WebhookReceiver;
let h: ShopHarness;
let server: Server;
let base: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await createShopHarness(receiver, { warmupSeconds: 180 });
  // A tiny server standing in for the API server: the control handler first, then 404.
  server = createServer((req, res) => {
    void h.shop.controlHandler(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end("kubernetes route");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  h.stop();
  await receiver.close();
});

describe("control handler", () => {
  it("serves /metrics as Prometheus text", async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await response.text()).toContain("# TYPE http_server_requests_total counter");
  });

  it("leaves Kubernetes paths to the API server", async () => {
    const response = await fetch(`${base}/api/v1/namespaces`);
    expect(await response.text()).toBe("kubernetes route");
  });

  it("answers range queries for a service and an edge", async () => {
    const end = (h.shop.ring.latestMs ?? 0) / 1000;
    const service = await fetch(`${base}/sim/v1/metrics/query?service=frontend&metric=request_rate&start=${end - 60}&end=${end}&step=30`);
    expect(service.status).toBe(200);
    const body = (await service.json()) as { status: string; data: { points: [number, number | null][] } };
    expect(body.status).toBe("success");
    expect(body.data.points).toHaveLength(3);
    expect(body.data.points[2]?.[1]).toBeCloseTo(h.shop.query.serviceValue("shop", "frontend", "request_rate", end * 1000) ?? -1, 9);
    const edge = await fetch(`${base}/sim/v1/metrics/query?from=checkout&to=payment&metric=error_ratio&end=${new Date(end * 1000).toISOString()}&step=60`);
    expect(edge.status).toBe(200);
  });

  it("rejects bad queries with a message naming the parameter", async () => {
    const noTarget = await fetch(`${base}/sim/v1/metrics/query?metric=request_rate`);
    expect(noTarget.status).toBe(400);
    expect(await noTarget.json()).toMatchObject({ error: { field: "service" } });
    const badMetric = await fetch(`${base}/sim/v1/metrics/query?service=cart&metric=bogus`);
    expect(((await badMetric.json()) as { error: { message: string } }).error.message).toMatch(/^invalid metric: must be one of request_rate/);
    const badStep = await fetch(`${base}/sim/v1/metrics/query?service=cart&metric=request_rate&step=1`);
    expect(badStep.status).toBe(400);
  });

  it("lists scenarios with ground truth, injects, fixes and resets", async () => {
    const list = (await (await fetch(`${base}/sim/v1/scenarios`)).json()) as { scenarios: { name: string; groundTruth: { faults: unknown[]; fix: unknown[] } }[] };
    expect(list.scenarios.length).toBeGreaterThanOrEqual(12);
    expect(list.scenarios.find((s) => s.name === "scale-to-zero")?.groundTruth.fix.length).toBe(1);
    expect((await fetch(`${base}/sim/v1/scenarios/nope/inject`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${base}/sim/v1/scenarios/scale-to-zero/inject`)).status).toBe(405);
    const inject = await fetch(`${base}/sim/v1/scenarios/scale-to-zero/inject`, { method: "POST" });
    expect(inject.status).toBe(200);
    expect(h.cluster.deployment("shop", "payment").spec.replicas).toBe(0);
    const reset = await fetch(`${base}/sim/v1/reset`, { method: "POST" });
    expect(await reset.json()).toMatchObject({ reset: true, updated: ["Deployment/payment"] });
    expect(h.cluster.deployment("shop", "payment").spec.replicas).toBe(2);
  });

  it("reports the clock and refuses to set a manual clock's speed", async () => {
    expect(await (await fetch(`${base}/sim/v1/clock`)).json()).toMatchObject({ mode: "manual" });
    const bad = await fetch(`${base}/sim/v1/clock`, { method: "PUT", body: JSON.stringify({ speed: -1 }) });
    expect(bad.status).toBe(400);
    const manual = await fetch(`${base}/sim/v1/clock`, { method: "PUT", body: JSON.stringify({ speed: 10 }) });
    expect(manual.status).toBe(409);
  });

  it("reports status per service", async () => {
    const status = (await (await fetch(`${base}/sim/v1/status`)).json()) as { services: { name: string; availability: number }[] };
    expect(status.services.find((s) => s.name === "frontend")?.availability).toBe(1);
  });
});
