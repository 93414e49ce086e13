import { mkdtempSync, rmSync, unlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../../http/api-error";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database";
import { embedRunbookChunks } from "../search/embed-runbook-chunks";
import { createOpenAiEmbedder } from "../search/embedder";
import { searchRunbooks } from "../search/search-runbooks";
import { startLocalHttpServer, textRoute, type LocalHttpServer } from "../testing/start-local-http-server";
import { createRunbook, deleteRunbook, getRunbook, listRunbooks, updateRunbook } from "./manage-runbooks";
import { syncRunbookDirectory } from "./sync-runbook-directory";

const CART = "# Cart refused\n\n## Symptoms\ncheckout logs connection refused to cart.\n\n## Mitigation\nkubectl patch svc cart targetPort 8080.\n";
const OOM = "# OOMKilled\n\n## Mitigation\nRaise the memory limit with kubectl set resources.\n";

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("runbooks in the database", () => {
  let test: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    test = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), "runbooks-"));
    mkdirSync(path.join(dir, "alerts"));
    writeFileSync(path.join(dir, "cart-refused.md"), CART);
    writeFileSync(path.join(dir, "alerts", "oom.md"), OOM);
    writeFileSync(path.join(dir, "README.md"), "# not a runbook");
    writeFileSync(path.join(dir, "Bad Name.md"), "# x\n\ntext");
  });
  afterEach(async () => {
    await test.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("syncs the directory idempotently: created, then unchanged, then updated and deleted as files change", async () => {
    const first = await syncRunbookDirectory({ db: test.db, dir });
    expect(first).toMatchObject({ created: ["alerts/oom", "cart-refused"], updated: [], deleted: [] });
    expect(first.skipped).toEqual([{ file: "Bad Name.md", reason: expect.stringContaining("not a valid runbook slug") }]);
    const chunkIds = (await test.db.runbookChunk.findMany({ orderBy: { id: "asc" } })).map((c) => c.id);

    const second = await syncRunbookDirectory({ db: test.db, dir });
    expect(second).toMatchObject({ created: [], updated: [], unchanged: ["alerts/oom", "cart-refused"], deleted: [] });
    expect((await test.db.runbookChunk.findMany({ orderBy: { id: "asc" } })).map((c) => c.id)).toEqual(chunkIds);

    writeFileSync(path.join(dir, "cart-refused.md"), `${CART}\n## Escalation\nPage the cart team.\n`);
    unlinkSync(path.join(dir, "alerts", "oom.md"));
    const third = await syncRunbookDirectory({ db: test.db, dir });
    expect(third).toMatchObject({ created: [], updated: ["cart-refused"], deleted: ["alerts/oom"] });
    const cart = await getRunbook({ db: test.db, slug: "cart-refused" });
    expect(cart).toMatchObject({ title: "Cart refused", source: "dir", chunkCount: 3 });
    expect(cart.sections.map((s) => s.anchor)).toEqual(["symptoms", "mitigation", "escalation"]);
  });

  it("creates, edits, lists and deletes UI runbooks, validating input with the field named", async () => {
    const created = await createRunbook({ db: test.db, input: { title: "Payment: declined cards!", body: "## Steps\nCall the PSP." } });
    expect(created).toMatchObject({ slug: "payment-declined-cards", source: "ui", sections: [{ section: "Payment: declined cards! > Steps", anchor: "steps" }] });

    expect((await rejection(createRunbook({ db: test.db, input: { title: "", body: "x" } }))).message).toBe("runbook: title: must not be empty");
    expect((await rejection(createRunbook({ db: test.db, input: { title: "t", body: "x", slug: "Has Spaces" } }))).message).toMatch(/^runbook: slug: must be lowercase/);
    expect((await rejection(createRunbook({ db: test.db, input: { title: "t", body: "x", owner: "me" } }))).message).toMatch(/owner/);
    expect((await rejection(createRunbook({ db: test.db, input: { title: "Payment: declined cards", body: "again" } }))).code).toBe("conflict");

    const renamed = await updateRunbook({ db: test.db, slug: "payment-declined-cards", input: { title: "Payment declines" } });
    expect(renamed.sections[0]!.section).toBe("Payment declines > Steps");
    const edited = await updateRunbook({ db: test.db, slug: "payment-declined-cards", input: { body: "## Steps\nCall the PSP.\n\n## Escalation\nFinance." } });
    expect(edited.chunkCount).toBe(2);
    expect((await rejection(updateRunbook({ db: test.db, slug: "payment-declined-cards", input: {} }))).message).toBe("runbook: body: give title or body to change");

    expect((await listRunbooks({ db: test.db })).map((r) => r.slug)).toEqual(["payment-declined-cards"]);
    await deleteRunbook({ db: test.db, slug: "payment-declined-cards" });
    expect((await rejection(getRunbook({ db: test.db, slug: "payment-declined-cards" }))).code).toBe("not_found");
  });

  it("refuses to edit or delete a runbook that comes from RUNBOOKS_DIR, and a sync never overwrites a UI runbook", async () => {
    await syncRunbookDirectory({ db: test.db, dir });
    expect((await rejection(updateRunbook({ db: test.db, slug: "cart-refused", input: { title: "x" } }))).code).toBe("conflict");
    expect((await rejection(deleteRunbook({ db: test.db, slug: "cart-refused" }))).message).toMatch(/RUNBOOKS_DIR/);

    await createRunbook({ db: test.db, input: { slug: "payment", title: "Payment", body: "# Payment\n\nUI text" } });
    writeFileSync(path.join(dir, "payment.md"), "# Payment from a file\n\nfile text");
    const report = await syncRunbookDirectory({ db: test.db, dir });
    expect(report.skipped).toContainEqual({ file: "payment.md", reason: expect.stringContaining("written in the UI") });
    expect((await getRunbook({ db: test.db, slug: "payment" })).body).toContain("UI text");
  });

  it("search sees changes at once: the index is rebuilt after a create and a delete", async () => {
    await syncRunbookDirectory({ db: test.db, dir });
    const before = await searchRunbooks({ db: test.db, query: "payment provider declined card" });
    expect(before.passages.every((p) => p.kind === "runbook" && p.runbookSlug !== "card-declines")).toBe(true);
    await createRunbook({ db: test.db, input: { slug: "card-declines", title: "Card declines", body: "## Diagnosis\nThe payment provider declined the card." } });
    const after = await searchRunbooks({ db: test.db, query: "payment provider declined card" });
    expect(after.passages[0]).toMatchObject({ kind: "runbook", runbookSlug: "card-declines", citation: "card-declines#diagnosis", section: "Card declines > Diagnosis" });
    await deleteRunbook({ db: test.db, slug: "card-declines" });
    const gone = await searchRunbooks({ db: test.db, query: "payment provider declined card" });
    expect(gone.passages.some((p) => p.kind === "runbook" && p.runbookSlug === "card-declines")).toBe(false);
  });
});

describe("runbook search over HTTP: runbook_url and embeddings", () => {
  let test: TestDatabase;
  let server: LocalHttpServer;
  const embeddingRequests: Array<{ model: string; input: string[] }> = [];
  beforeAll(async () => {
    server = await startLocalHttpServer({
      "/runbooks/cart.md": textRoute("text/markdown; charset=utf-8", "# Cart team runbook\n\nCheck the cart Service targetPort first."),
      "/runbooks/page.html": textRoute("text/html", "<html><head><title>Wiki: cart</title><script>alert(1)</script></head><body><h2>Fix</h2><p>Patch the port &amp; verify.</p></body></html>"),
      "/runbooks/binary": textRoute("application/octet-stream", "\u0000\u0001"),
      // A toy embeddings model: the vector says whether the text talks about memory or ports.
      "/v1/embeddings": (_req, res, body) => {
        const request = JSON.parse(body) as { model: string; input: string[] };
        embeddingRequests.push(request);
        const data = request.input.map((text, index) => ({ object: "embedding", index, embedding: [/memory|oom/i.test(text) ? 1 : 0, /port|service/i.test(text) ? 1 : 0, 0.01] }));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data, model: request.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      },
    });
    test = await createTestDatabase();
    await createRunbook({ db: test.db, input: { slug: "cart", title: "Cart", body: CART } });
    await createRunbook({ db: test.db, input: { slug: "oom", title: "OOM", body: OOM } });
  });
  afterAll(async () => {
    await test.cleanup();
    await server.close();
  });

  it("ranks a reachable runbook_url first (markdown or HTML as text) and notes an unreachable or non-text one", async () => {
    const md = await searchRunbooks({ db: test.db, query: "cart connection refused", runbookUrl: `${server.url}/runbooks/cart.md` });
    expect(md.passages[0]).toMatchObject({ kind: "runbook_url", citation: `${server.url}/runbooks/cart.md`, text: expect.stringContaining("targetPort first") });
    expect(md.passages[1]).toMatchObject({ kind: "runbook", runbookSlug: "cart" });

    const html = await searchRunbooks({ db: test.db, query: "cart", runbookUrl: `${server.url}/runbooks/page.html` });
    expect(html.passages[0]).toMatchObject({ kind: "runbook_url", title: "Wiki: cart", text: "## Fix\n\nPatch the port & verify." });

    const missing = await searchRunbooks({ db: test.db, query: "cart", runbookUrl: `${server.url}/runbooks/nope` });
    expect(missing.passages[0]!.kind).toBe("runbook");
    expect(missing.notes).toEqual([expect.stringContaining("could not be read (HTTP 404")]);
    const binary = await searchRunbooks({ db: test.db, query: "cart", runbookUrl: `${server.url}/runbooks/binary` });
    expect(binary.notes[0]).toContain("application/octet-stream is not text");
    const file = await searchRunbooks({ db: test.db, query: "cart", runbookUrl: "file:///etc/passwd" });
    expect(file.notes[0]).toContain("only http and https");
  });

  it("embeds chunks through the openai SDK and fuses the vectors with BM25", async () => {
    const embedder = createOpenAiEmbedder({ baseUrl: `${server.url}/v1`, model: "toy-embed" });
    const bm25Only = await searchRunbooks({ db: test.db, query: "pods keep restarting", embedder });
    expect(bm25Only.retrieval).toBe("bm25");
    expect(bm25Only.notes[0]).toContain("no runbook chunk has an embedding from toy-embed");

    expect(await embedRunbookChunks({ db: test.db, embedder })).toEqual({ embedded: 3 });
    expect(await embedRunbookChunks({ db: test.db, embedder })).toEqual({ embedded: 0 });
    expect(embeddingRequests[0]).toMatchObject({ model: "toy-embed", input: expect.arrayContaining([expect.stringContaining("Cart refused > Symptoms")]) });

    // No shared word with any runbook: only the embeddings can find the OOM section.
    const hybrid = await searchRunbooks({ db: test.db, query: "memory", embedder });
    expect(hybrid.retrieval).toBe("bm25+embedding");
    expect(hybrid.passages[0]).toMatchObject({ kind: "runbook", runbookSlug: "oom" });

    const broken = createOpenAiEmbedder({ baseUrl: `${server.url}/broken/v1`, model: "toy-embed" });
    const degraded = await searchRunbooks({ db: test.db, query: "OOMKilled memory limit", embedder: broken });
    expect(degraded.retrieval).toBe("bm25");
    expect(degraded.notes[0]).toMatch(/^embeddings unavailable/);
    expect(degraded.passages[0]).toMatchObject({ runbookSlug: "oom" });
  });

  it("rejects an embeddings configuration that is not an http URL, naming the field", () => {
    expect(() => createOpenAiEmbedder({ baseUrl: "ftp://x", model: "m" })).toThrow("embeddings configuration: baseUrl: must be an http(s) URL");
    expect(() => createOpenAiEmbedder({ baseUrl: "http://x", model: "" })).toThrow("embeddings configuration: model: must not be empty");
  });
});
