import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetAppContextForTests } from "@/lib/app-context";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { POST } from "../incidents/[id]/approval/route";

const OPERATOR = "operator-token-0123456789";
let test: TestDatabase;
let incidentId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  Object.assign(process.env, { DATABASE_URL: test.databaseUrl, DATA_DIR: test.dataDir, OPERATOR_TOKEN: OPERATOR, WEBHOOK_TOKEN: "webhook-token-0123456789", LOG_LEVEL: "error" });
  resetEnvCache();
  resetAppContextForTests();
});
afterAll(async () => {
  await disconnectDb();
  await test.cleanup();
});
beforeEach(async () => {
  await test.db.incidentEvent.deleteMany();
  await test.db.incident.deleteMany();
  const now = new Date();
  const incident = await test.db.incident.create({
    data: { title: "payment down", severity: "critical", state: "AWAITING_APPROVAL", namespace: "shop", groupKey: "g", triggeredAt: now, lastAlertAt: now },
  });
  incidentId = incident.id;
  await test.db.incidentEvent.create({ data: { incidentId, type: "mitigation.proposed", payload: { transactionId: "tx-1", actionCount: 1, summary: "scale payment to 2" } } });
});

async function decide(body: unknown, token: string | null = OPERATOR) {
  const request = new Request(`http://localhost/api/incidents/${incidentId}/approval`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const response = await POST(request, { params: Promise.resolve({ id: incidentId }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("POST /api/incidents/{id}/approval", () => {
  it("approves the waiting proposal: MITIGATING, recorded with who approved", async () => {
    const result = await decide({ decision: "approve", transactionId: "tx-1" });
    expect(result).toMatchObject({ status: 200, body: { transactionId: "tx-1", state: "MITIGATING" } });
    const incident = await test.db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    expect(incident.approvedAt).not.toBeNull();
    expect(incident.nextRunAt).not.toBeNull();
    const granted = await test.db.incidentEvent.findFirstOrThrow({ where: { incidentId, type: "approval.granted" } });
    expect(granted.payload).toMatchObject({ by: "operator token (automation)", auto: false, transactionId: "tx-1" });
  });

  it("approving twice, or approving and rejecting at once, applies one decision; the other gets 409", async () => {
    const results = await Promise.all([
      decide({ decision: "approve", transactionId: "tx-1" }),
      decide({ decision: "approve", transactionId: "tx-1" }),
      decide({ decision: "reject", transactionId: "tx-1", reason: "too risky" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const decisions = await test.db.incidentEvent.count({ where: { incidentId, type: { in: ["approval.granted", "approval.rejected"] } } });
    expect(decisions).toBe(1);
  });

  it("a rejection needs a reason and goes back to diagnosis with it", async () => {
    expect((await decide({ decision: "reject", transactionId: "tx-1" })).status).toBe(422);
    const rejected = await decide({ decision: "reject", transactionId: "tx-1", reason: "scale-up would breach quota" });
    expect(rejected.body).toMatchObject({ state: "DIAGNOSING" });
  });

  it("refuses without the operator token, and a decision on another transaction", async () => {
    expect((await decide({ decision: "approve", transactionId: "tx-1" }, null)).status).toBe(401);
    expect((await decide({ decision: "approve", transactionId: "tx-1" }, "webhook-token-0123456789")).status).toBe(401);
    const other = await decide({ decision: "approve", transactionId: "tx-9" });
    expect(other.status).toBe(409);
    expect((other.body.error as { message: string }).message).toContain("tx-1");
  });
});
