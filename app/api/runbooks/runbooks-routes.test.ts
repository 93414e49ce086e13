/**
 * The runbook routes in-process against a real SQLite database: create, list, read, search, edit
 * and delete a UI runbook; directory runbooks are read-only; errors name the field in words.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetAppContextForTests } from "@/lib/app-context";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { syncRunbookDirectory } from "@/lib/memory/runbooks/sync-runbook-directory";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { GET as list, POST as create } from "./route";
import { DELETE as remove, GET as getOne, PATCH as patch } from "./[...slug]/route";
import { GET as search } from "./search/route";

let test: TestDatabase;
let runbooksDir: string;

beforeAll(async () => {
  test = await createTestDatabase();
  Object.assign(process.env, { DATABASE_URL: test.databaseUrl, DATA_DIR: test.dataDir, SIM_ENABLED: "false", LOG_LEVEL: "error", WEBHOOK_TOKEN: "webhook-token-0123456789", OPERATOR_TOKEN: "operator-token-0123456789" });
  delete process.env.EMBEDDINGS_BASE_URL;
  delete process.env.EMBEDDINGS_MODEL;
  resetEnvCache();
  resetAppContextForTests();
  runbooksDir = mkdtempSync(path.join(tmpdir(), "runbooks-routes-"));
  mkdirSync(path.join(runbooksDir, "alerts"));
  writeFileSync(path.join(runbooksDir, "alerts", "pod-not-ready.md"), "# Pod not ready\n\n## Image pull back-off\n\nCheck the image tag; roll back the deployment.\n");
  await syncRunbookDirectory({ db: test.db, dir: runbooksDir });
});
afterAll(async () => {
  await disconnectDb();
  await test.cleanup();
  rmSync(runbooksDir, { recursive: true, force: true });
});

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

async function call(handler: Handler, { method = "GET", path: url, params = {}, body }: { method?: string; path: string; params?: Record<string, string | string[]>; body?: unknown }) {
  const request = new Request(`http://localhost${url}`, { method, headers: { "content-type": "application/json", authorization: "Bearer operator-token-0123456789" }, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string; issues?: { path: string; message: string }[] };

describe("runbook routes", () => {
  it("creates a runbook, lists it, reads it by slug, finds it by search, edits it and deletes it", async () => {
    const body = "# Checkout returns 503\n\n## Symptoms\n\nThe frontend shows payment gateway timeouts.\n\n## Fix\n\nScale checkout up, then restart the gateway pods.\n";
    const created = await call(create, { method: "POST", path: "/api/runbooks", body: { title: "Checkout returns 503", slug: "checkout/returns-503", body } });
    expect(created).toMatchObject({ status: 201, body: { slug: "checkout/returns-503", source: "ui", title: "Checkout returns 503" } });
    expect((created.body.sections as { anchor: string }[]).map((s) => s.anchor)).toEqual(["symptoms", "fix"]);

    const listed = await call(list, { path: "/api/runbooks" });
    expect((listed.body.items as { slug: string }[]).map((r) => r.slug)).toEqual(["alerts/pod-not-ready", "checkout/returns-503"]);
    expect((await call(list, { path: "/api/runbooks?source=ui" })).body.items).toHaveLength(1);

    const params = { slug: ["checkout", "returns-503"] };
    expect(await call(getOne, { path: "/api/runbooks/checkout/returns-503", params })).toMatchObject({ status: 200, body: { body } });

    const found = await call(search, { path: `/api/runbooks/search?q=${encodeURIComponent("payment gateway timeouts")}` });
    expect(found.status).toBe(200);
    expect((found.body.passages as { citation: string }[])[0]).toMatchObject({ citation: "checkout/returns-503#symptoms" });

    const edited = await call(patch, { method: "PATCH", path: "/api/runbooks/checkout/returns-503", params, body: { title: "Checkout 503s" } });
    expect(edited).toMatchObject({ status: 200, body: { title: "Checkout 503s", body } });

    expect(await call(remove, { method: "DELETE", path: "/api/runbooks/checkout/returns-503", params })).toMatchObject({ status: 200, body: { slug: "checkout/returns-503", deleted: true } });
    const gone = await call(getOne, { path: "/api/runbooks/checkout/returns-503", params });
    expect(gone.status).toBe(404);
    expect(errorOf(gone.body).message).toBe('runbook "checkout/returns-503" not found');
  });

  it("keeps directory runbooks read-only: their file is the source", async () => {
    const params = { slug: ["alerts", "pod-not-ready"] };
    const edit = await call(patch, { method: "PATCH", path: "/api/runbooks/alerts/pod-not-ready", params, body: { body: "# changed" } });
    expect(edit.status).toBe(409);
    expect(errorOf(edit.body).message).toMatch(/comes from RUNBOOKS_DIR and cannot be edited here; change its file instead/);
    expect((await call(remove, { method: "DELETE", path: "/api/runbooks/alerts/pod-not-ready", params })).status).toBe(409);
  });

  it("answers bad input with the field and the reason", async () => {
    const noTitle = await call(create, { method: "POST", path: "/api/runbooks", body: { body: "text" } });
    expect(noTitle.status).toBe(422);
    expect(errorOf(noTitle.body).issues?.[0]?.path).toBe("title");
    const badSlug = await call(create, { method: "POST", path: "/api/runbooks", body: { title: "x", slug: "Bad Slug!", body: "text" } });
    expect(errorOf(badSlug.body).message).toMatch(/^runbook: slug: must be lowercase letters and digits/);
    expect((await call(create, { method: "POST", path: "/api/runbooks", body: "{not json" })).status).toBe(400);
    const shortQuery = await call(search, { path: "/api/runbooks/search?q=a" });
    expect(shortQuery.status).toBe(422);
    expect(errorOf(shortQuery.body).message).toBe("invalid runbook search: q: must be at least 2 characters");
    expect((await call(search, { path: "/api/runbooks/search" })).status).toBe(422);
    expect((await call(list, { path: "/api/runbooks?source=web" })).status).toBe(422);
  });
});
