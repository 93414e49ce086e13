import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTool } from "../tools/run-tool";
import { buildToolRegistry } from "../tools/registry";
import type { ToolContext } from "../tools/types";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { syncRunbookDirectory } from "./runbooks/sync-runbook-directory";
import { STARTER_RUNBOOKS_DIR } from "./testing/build-fixture-runbook-index";
import { MEMORY_TOOLS } from "./tools";

const tools = buildToolRegistry(MEMORY_TOOLS);

describe("memory tools with the starter runbooks", () => {
  let test: TestDatabase;
  let ctx: ToolContext;
  beforeAll(async () => {
    test = await createTestDatabase();
    const report = await syncRunbookDirectory({ db: test.db, dir: STARTER_RUNBOOKS_DIR });
    expect(report.created.length).toBeGreaterThanOrEqual(12);
    expect(report.skipped).toEqual([]);
    ctx = { clients: {} as ToolContext["clients"], defaultNamespace: "shop", now: () => new Date(), memory: { db: test.db } };
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it("every tool has a description and described, strict parameters", () => {
    for (const tool of MEMORY_TOOLS) {
      expect(tool.description.length).toBeGreaterThan(40);
      for (const [field, schema] of Object.entries(tool.parameters.shape)) expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
    }
  });

  it("search_runbooks returns cited passages for an alert", async () => {
    const result = await runTool(ctx, "search_runbooks", { query: "PodNotReady currency ImagePullBackOff manifest unknown", limit: 3 }, { tools });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.output).toMatch(/^3 passage\(s\), ranked by bm25 over \d+ runbook sections:/);
    expect(result.output).toContain("[image-pull-backoff#");
    expect(result.output.length).toBeLessThanOrEqual(8_000);
    expect(result.data).toMatchObject({ passages: expect.arrayContaining([expect.objectContaining({ runbookSlug: "image-pull-backoff", runbookTitle: "ImagePullBackOff: the rollout references an image that cannot be pulled" })]) });
  });

  it("search_runbooks validates its parameters with the field named", async () => {
    expect(await runTool(ctx, "search_runbooks", { query: "x" }, { tools })).toMatchObject({ ok: false, error: expect.stringMatching(/^query: /) });
    expect(await runTool(ctx, "search_runbooks", { query: "cart", runbookUrl: "file:///etc/passwd" }, { tools })).toMatchObject({ ok: false, error: expect.stringMatching(/^runbookUrl: /) });
  });

  it("similar_incidents needs a query when there is no current incident, and says when nothing is remembered", async () => {
    expect(await runTool(ctx, "similar_incidents", {}, { tools })).toMatchObject({ ok: false, error: expect.stringContaining("give at least one of") });
    expect(await runTool(ctx, "similar_incidents", { service: "cart", alertNames: ["NoRequestsReceived"] }, { tools })).toMatchObject({ ok: true, output: "No similar resolved incident is remembered." });
  });
});
