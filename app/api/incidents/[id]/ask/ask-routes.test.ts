/**
 * The ask and similar-incidents routes in-process: the body is validated before anything else
 * (400/422 naming the field, 404 for an unknown incident without touching the cluster), a
 * question and an action request against a simulated shop reached through an ordinary
 * kubeconfig, and the similar-incidents panel's data from a seeded history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgentTestShop, type AgentTestShop } from "@/lib/agents/testing/scenario-pipeline";
import { getAppContext, resetAppContextForTests } from "@/lib/app-context";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { resetAppGraphForTests } from "@/lib/graph/app-graph";
import { seedResolvedIncident } from "@/lib/postmortems/testing/seed-resolved-incident";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { GET as similar } from "../similar/route";
import { POST as ask } from "./route";

let test: TestDatabase;
let shop: AgentTestShop;

beforeAll(async () => {
  [test, shop] = await Promise.all([createTestDatabase(), startAgentTestShop()]);
  // The app reaches the simulated cluster like a real one: through a kubeconfig, simulator off, no metrics source.
  Object.assign(process.env, { DATABASE_URL: test.databaseUrl, DATA_DIR: test.dataDir, SIM_ENABLED: "false", KUBECONFIG: shop.sim.kubeconfigPath, LOG_LEVEL: "error", WEBHOOK_TOKEN: "webhook-token-0123456789", OPERATOR_TOKEN: "operator-token-0123456789" });
  for (const name of ["PROMETHEUS_URL", "METRICS_SOURCE", "LLM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "SEARXNG_URL", "EMBEDDINGS_BASE_URL"]) delete process.env[name];
  resetEnvCache();
  resetAppContextForTests();
  getAppContext(); // applies LOG_LEVEL before the first request
  await resetAppGraphForTests();
}, 120_000);
afterAll(async () => {
  await resetAppGraphForTests();
  await disconnectDb();
  await Promise.all([test.cleanup(), shop.stop()]);
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, { method = "POST", id, body }: { method?: string; id: string; body?: unknown }) {
  const request = new Request(`http://localhost/api/incidents/${id}/ask`, { method, headers: { "content-type": "application/json", authorization: "Bearer operator-token-0123456789" }, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
  const response = await handler(request, { params: Promise.resolve({ id }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string; issues?: { path: string; message: string }[] };

async function openIncident(state: string) {
  const now = new Date();
  return (await test.db.incident.create({ data: { title: "checkout errors", severity: "high", state, namespace: "shop", service: "checkout", groupKey: `g-${state}-${Math.random()}`, triggeredAt: now, lastAlertAt: now } })).id;
}

describe("POST /api/incidents/{id}/ask", () => {
  it("refuses a bad body before any work, naming the field", async () => {
    const id = await openIncident("ESCALATED");
    const empty = await call(ask, { id, body: { question: "  " } });
    expect(empty.status).toBe(422);
    expect(errorOf(empty.body)).toMatchObject({ message: "invalid question: question: must not be empty", issues: [{ path: "question" }] });
    expect(errorOf((await call(ask, { id, body: { question: "x".repeat(1001) } })).body).message).toBe("invalid question: question: must be at most 1000 characters");
    expect(errorOf((await call(ask, { id, body: { question: "hi", extra: 1 } })).body).message).toMatch(/^invalid question: .*extra/);
    expect((await call(ask, { id, body: "{" })).status).toBe(400);
    const unknown = await call(ask, { id: "nope", body: { question: "similar incidents" } });
    expect(unknown).toMatchObject({ status: 404, body: { error: { message: 'incident "nope" not found' } } });
    expect(await test.db.incidentEvent.count({ where: { incidentId: id } })).toBe(0);
  });

  it("answers a question and proposes a requested action through the app's cluster", async () => {
    const id = await openIncident("ESCALATED");
    const question = await call(ask, { id, body: { question: "who calls cart?" } });
    expect(question.status).toBe(200);
    expect(question.body).toMatchObject({ proposal: null, answeredBy: "rules", toolCalls: [{ tool: "query_graph", ok: true }] });

    const action = await call(ask, { id, body: { question: "restart checkout" } });
    expect(action.status).toBe(200);
    expect(action.body).toMatchObject({ proposal: { transactionId: expect.any(String), risk: expect.any(String) }, answer: expect.stringMatching(/^Proposed: /) });
    expect((await test.db.incident.findUniqueOrThrow({ where: { id } })).state).toBe("AWAITING_APPROVAL");
    const proposal = await test.db.incidentEvent.findFirstOrThrow({ where: { incidentId: id, type: "agent.proposal" } });
    expect(proposal.payload).toMatchObject({ requestedBy: "operator token (automation)", actions: [{ action: { type: "rollout-restart", params: { namespace: "shop", name: "checkout" } } }] });
  });
});

describe("GET /api/incidents/{id}/similar", () => {
  it("lists resolved incidents like this one with what fixed them and what was rolled back", async () => {
    const past = await seedResolvedIncident(test.db, { txPrefix: "past" });
    const current = await seedResolvedIncident(test.db, { state: "DIAGNOSING", title: "cart unreachable again", txPrefix: "now" });
    const result = await call(similar, { method: "GET", id: current.incidentId });
    expect(result.status).toBe(200);
    const items = result.body.similar as { incidentId: string; fixed: boolean; rolledBack: boolean; resolution: string; fixes: { outcome: string }[] }[];
    expect(items[0]).toMatchObject({ incidentId: past.incidentId, fixed: true });
    expect(items.map((i) => i.incidentId)).not.toContain(current.incidentId);
    expect(items[0]!.fixes.length).toBeGreaterThan(0);
    expect((await call(similar, { method: "GET", id: "nope" })).status).toBe(404);
  });
});
