/**
 * The demo fault panel's routes in-process, proxying to the simulator's real control handler
 * (the demo shop on a manual-clock test cluster, served on a loopback port the app is pointed at).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetAppContextForTests } from "@/lib/app-context";
import { resetEnvCache } from "@/lib/env";
import { createShopHarness, startWebhookReceiver, type ShopHarness, type WebhookReceiver } from "@/lib/sim/scenarios/testing/shop-harness";
import { PUT as setClock } from "../demo/clock/route";
import { POST as reset } from "../demo/reset/route";
import { GET as state } from "../demo/route";
import { POST as inject } from "../demo/scenarios/[name]/inject/route";

let receiver: WebhookReceiver;
let h: ShopHarness;
let server: Server;
let port: number;

function pointAppAt(env: Record<string, string>) {
  Object.assign(process.env, { LOG_LEVEL: "error", WEBHOOK_TOKEN: "webhook-token-0123456789", OPERATOR_TOKEN: "operator-token-0123456789", ...env });
  resetEnvCache();
  resetAppContextForTests();
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await createShopHarness(receiver, { warmupSeconds: 30 });
  server = createServer((req, res) => {
    void h.shop.controlHandler(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end("kubernetes route");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  delete process.env.KUBECONFIG;
  pointAppAt({ SIM_ENABLED: "true", SIM_PORT: String(port) });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  h.stop();
  await receiver.close();
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(handler: Handler, { method = "GET", path, params = {}, body }: { method?: string; path: string; params?: Record<string, string>; body?: string }) {
  const response = await handler(new Request(`http://localhost${path}`, { method, headers: { authorization: "Bearer operator-token-0123456789" }, ...(body !== undefined ? { body } : {}) }), { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const injectScenario = (name: string) => call(inject, { method: "POST", path: `/api/demo/scenarios/${name}/inject`, params: { name } });

describe("demo fault panel routes", () => {
  it("lists the scenarios that inject a fault (without their ground truth) and the clock", async () => {
    const { status, body } = await call(state, { path: "/api/demo" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ enabled: true, clock: { mode: "manual" }, injected: [] });
    const scenarios = body.scenarios as { name: string; title: string }[];
    expect(scenarios.map((s) => s.name)).toContain("scale-to-zero");
    expect(scenarios.map((s) => s.name)).not.toContain("baseline");
    expect(Object.keys(scenarios[0]!).sort()).toEqual(["description", "name", "title"]);
  });

  it("injects a listed scenario into the shop, and resets the shop", async () => {
    const injected = await injectScenario("scale-to-zero");
    expect(injected).toMatchObject({ status: 200, body: { scenario: "scale-to-zero", changes: 1 } });
    expect(h.cluster.deployment("shop", "payment").spec.replicas).toBe(0);
    expect((await call(state, { path: "/api/demo" })).body).toMatchObject({ injected: [{ name: "scale-to-zero", fixedAt: null }] });

    const done = await call(reset, { method: "POST", path: "/api/demo/reset" });
    expect(done.status).toBe(200);
    expect(h.cluster.deployment("shop", "payment").spec.replicas).toBe(2);
    expect((await call(state, { path: "/api/demo" })).body).toMatchObject({ injected: [] });
  });

  it("refuses names that are not in the simulator's list, naming what it offers", async () => {
    const unknown = await injectScenario("drop-the-database");
    expect(unknown.status).toBe(404);
    expect((unknown.body.error as { message: string }).message).toMatch(/no scenario "drop-the-database"; the simulated cluster offers: .*scale-to-zero/);
    const baseline = await injectScenario("baseline");
    expect(baseline.status).toBe(404);
    const malformed = await injectScenario("../reset");
    expect(malformed.status).toBe(422);
  });

  it("validates the clock speed, and passes the simulator's refusal on in words", async () => {
    const bad = await call(setClock, { method: "PUT", path: "/api/demo/clock", body: JSON.stringify({ speed: -2 }) });
    expect(bad.status).toBe(422);
    expect((bad.body.error as { issues: unknown }).issues).toEqual([{ path: "speed", message: "must be above 0" }]);
    expect((await call(setClock, { method: "PUT", path: "/api/demo/clock", body: "fast" })).status).toBe(400);
    // The test cluster's clock is manual: the simulator refuses, and the app says why.
    const manual = await call(setClock, { method: "PUT", path: "/api/demo/clock", body: JSON.stringify({ speed: 10 }) });
    expect(manual.status).toBe(409);
    expect((manual.body.error as { message: string }).message).toContain("the clock is manual");
  });

  it("says so when the simulator is off, or does not answer", async () => {
    pointAppAt({ SIM_ENABLED: "false" });
    expect((await call(state, { path: "/api/demo" })).body).toEqual({ enabled: false });
    const off = await injectScenario("scale-to-zero");
    expect(off.status).toBe(409);
    expect((off.body.error as { message: string }).message).toMatch(/simulated cluster is not running/);

    // A port nobody listens on (the server's, once closed).
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, "127.0.0.1", resolve));
    const gonePort = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    pointAppAt({ SIM_ENABLED: "true", SIM_PORT: String(gonePort) });
    const down = await call(state, { path: "/api/demo" });
    expect(down.status).toBe(500);
    expect((down.body.error as { message: string }).message).toMatch(/does not answer at http:\/\/127.0.0.1:\d+ .*is it running\?/);
    pointAppAt({ SIM_ENABLED: "true", SIM_PORT: String(port) });
  });
});
