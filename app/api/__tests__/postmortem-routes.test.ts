/**
 * The postmortem routes in-process against a real SQLite database: draft a resolved incident's
 * postmortem, read it, edit it, review it, and the errors each route answers in words.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetAppContextForTests } from "@/lib/app-context";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { seedResolvedIncident } from "@/lib/postmortems/testing/seed-resolved-incident";
import type { DraftPostmortemResult, PostmortemDetail } from "@/lib/postmortems/postmortem-views";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { GET as getIncidentPostmortem, POST as draft } from "../incidents/[id]/postmortem/route";
import { GET as getOne, PATCH as patch } from "../postmortems/[id]/route";
import { POST as review } from "../postmortems/[id]/review/route";
import { GET as list } from "../postmortems/route";

let test: TestDatabase;
let incidentId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  // No simulator and no Prometheus: the error budget is honestly unknown, and no network is touched.
  Object.assign(process.env, { DATABASE_URL: test.databaseUrl, DATA_DIR: test.dataDir, SIM_ENABLED: "false", LOG_LEVEL: "error", WEBHOOK_TOKEN: "webhook-token-0123456789", OPERATOR_TOKEN: "operator-token-0123456789" });
  delete process.env.PROMETHEUS_URL;
  delete process.env.METRICS_SOURCE;
  resetEnvCache();
  resetAppContextForTests();
});
afterAll(async () => {
  await disconnectDb();
  await test.cleanup();
});
beforeEach(async () => {
  await test.db.postmortem.deleteMany();
  await test.db.mitigationTransaction.deleteMany();
  await test.db.incidentEvent.deleteMany();
  await test.db.alert.deleteMany();
  await test.db.incident.deleteMany();
  incidentId = (await seedResolvedIncident(test.db)).incidentId;
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, { method = "GET", path, params = {}, body }: { method?: string; path: string; params?: Record<string, string>; body?: unknown }) {
  const request = new Request(`http://localhost${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: "Bearer operator-token-0123456789" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string; issues?: { path: string; message: string }[] };

async function draftNow(body?: unknown) {
  return call(draft, { method: "POST", path: `/api/incidents/${incidentId}/postmortem`, params: { id: incidentId }, body });
}

describe("postmortem routes", () => {
  it("drafts (201), then keeps (200); reads it by id and by incident; lists it", async () => {
    const created = await draftNow();
    expect(created.status).toBe(201);
    const { postmortem } = created.body as unknown as DraftPostmortemResult;
    expect(postmortem).toMatchObject({ incidentId, status: "draft" });
    expect(postmortem.markdown).toContain("Error budget burned: unknown (no metrics source is configured)");
    expect((await draftNow({})).body).toMatchObject({ outcome: "kept" });

    const byId = await call(getOne, { path: `/api/postmortems/${postmortem.id}`, params: { id: postmortem.id } });
    expect(byId).toMatchObject({ status: 200, body: { id: postmortem.id, markdown: postmortem.markdown } });
    const byIncident = await call(getIncidentPostmortem, { path: `/api/incidents/${incidentId}/postmortem`, params: { id: incidentId } });
    expect(byIncident.body).toMatchObject({ id: postmortem.id });
    const listed = await call(list, { path: "/api/postmortems?status=draft" });
    expect(listed.body).toMatchObject({ total: 1, items: [{ id: postmortem.id, incidentTitle: "cart unreachable from checkout", status: "draft" }] });
  });

  it("edits, then reviews, recording the operator; a second review is 409", async () => {
    const { postmortem } = (await draftNow()).body as unknown as DraftPostmortemResult;
    const edited = await call(patch, { method: "PATCH", path: `/api/postmortems/${postmortem.id}`, params: { id: postmortem.id }, body: { markdown: "# Edited", baseUpdatedAt: postmortem.updatedAt } });
    expect(edited).toMatchObject({ status: 200, body: { markdown: "# Edited", updatedBy: "operator token (automation)", status: "draft" } });
    const stale = await call(patch, { method: "PATCH", path: `/api/postmortems/${postmortem.id}`, params: { id: postmortem.id }, body: { markdown: "# Mine", baseUpdatedAt: postmortem.updatedAt } });
    expect(stale.status).toBe(409);
    expect(errorOf(stale.body).message).toMatch(/changed by operator token \(automation\) at .* after you loaded it/);

    const reviewed = await call(review, { method: "POST", path: `/api/postmortems/${postmortem.id}/review`, params: { id: postmortem.id } });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body as unknown as PostmortemDetail).toMatchObject({ status: "reviewed", reviewedBy: "operator token (automation)" });
    expect((reviewed.body as unknown as PostmortemDetail).reviewedAt).not.toBeNull();
    const again = await call(review, { method: "POST", path: `/api/postmortems/${postmortem.id}/review`, params: { id: postmortem.id } });
    expect(again.status).toBe(409);
    const redraft = await draftNow({ redraft: true });
    expect(redraft.status).toBe(409);
    expect(errorOf(redraft.body).message).toMatch(/reviewed by operator .* edit it instead/);
  });

  it("answers bad input with the field and why, before touching anything", async () => {
    const { postmortem } = (await draftNow()).body as unknown as DraftPostmortemResult;
    const at = { path: `/api/postmortems/${postmortem.id}`, params: { id: postmortem.id }, method: "PATCH" };
    const notJson = await call(patch, { ...at, body: "{markdown" });
    expect(notJson).toMatchObject({ status: 400, body: { error: { message: "request body is not valid JSON" } } });
    const missing = await call(patch, { ...at, body: {} });
    expect(missing.status).toBe(422);
    expect(errorOf(missing.body).issues).toEqual([{ path: "markdown", message: "must be a string of markdown" }]);
    const extra = await call(patch, { ...at, body: { markdown: "x", status: "reviewed" } });
    expect(extra.status).toBe(422);
    expect(errorOf(extra.body).message).toMatch(/status/);
    const badDraft = await draftNow({ redraft: "yes" });
    expect(badDraft.status).toBe(422);
    expect(errorOf(badDraft.body).issues).toEqual([{ path: "redraft", message: "must be true or false" }]);
    const badQuery = await call(list, { path: "/api/postmortems?status=published" });
    expect(badQuery.status).toBe(400);
    expect(errorOf(badQuery.body).issues?.[0]?.path).toBe("status");
    expect((await test.db.postmortem.findUniqueOrThrow({ where: { id: postmortem.id } })).updatedBy).toBeNull();
  });

  it("404 for unknown ids, 409 for an incident still open", async () => {
    const missing = await call(getOne, { path: "/api/postmortems/nope", params: { id: "nope" } });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "not_found", message: 'postmortem "nope" not found' } } });
    expect((await call(review, { method: "POST", path: "/api/postmortems/nope/review", params: { id: "nope" } })).status).toBe(404);
    await test.db.incident.update({ where: { id: incidentId }, data: { state: "VALIDATING" } });
    const open = await draftNow();
    expect(open.status).toBe(409);
    expect(errorOf(open.body).message).toContain("still VALIDATING");
    const none = await call(getIncidentPostmortem, { path: `/api/incidents/${incidentId}/postmortem`, params: { id: incidentId } });
    expect(none.status).toBe(404);
  });
});
