import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { incidentListFilterSchema, listIncidents } from "./list-incidents";

let test: TestDatabase;
const pagination = { page: 1, pageSize: 25 };

beforeAll(async () => {
  test = await createTestDatabase();
  const now = new Date("2026-11-21T10:00:00Z");
  const make = (title: string, severity: string, state: string, service: string | null) =>
    test.db.incident.create({ data: { title, severity, state, service, namespace: "shop", groupKey: title, triggeredAt: now, lastAlertAt: now } });
  const approved = await make("checkout 5xx ratio high", "critical", "MITIGATING", "checkout");
  await make("cart latency high", "warning", "AWAITING_APPROVAL", "cart");
  await make("payment pods crash-looping", "high", "RESOLVED", "payment");
  await make("legacy alert", "info", "TRIGGERED", null);
  await test.db.incidentEvent.create({ data: { incidentId: approved.id, type: "approval.granted", payload: { transactionId: "t", by: "ana", auto: false } } });
});

afterAll(async () => {
  await test.cleanup();
});

const list = (filter: Record<string, string>) => listIncidents({ db: test.db, filter: incidentListFilterSchema.parse(filter), pagination });

describe("listIncidents filters", () => {
  it("by state (legacy names included), severity, service and text", async () => {
    expect((await list({ state: "AWAITING_APPROVAL" })).items.map((i) => i.service)).toEqual(["cart"]);
    expect((await list({ state: "DETECTING" })).items.map((i) => i.title)).toEqual(["legacy alert"]);
    expect((await list({ severity: "high" })).items.map((i) => i.service)).toEqual(["payment"]);
    expect((await list({ service: "checkout" })).total).toBe(1);
    expect((await list({ q: "LATENCY" })).items.map((i) => i.service)).toEqual(["cart"]);
    expect((await list({ status: "open", q: "pay" })).total).toBe(0);
  });

  it("says who approved", async () => {
    const [checkout] = (await list({ service: "checkout" })).items;
    expect(checkout!.decision).toEqual({ kind: "approved", by: "ana", auto: false });
  });

  it("treats an empty parameter as no filter and names a bad one", () => {
    expect(incidentListFilterSchema.parse({ state: "", severity: "" })).toEqual({ status: "all" });
    const bad = incidentListFilterSchema.safeParse({ severity: "urgent" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(["severity"]);
    expect(bad.error!.issues[0]!.message).toContain("critical, high, warning, info");
  });
});
