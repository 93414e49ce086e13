/**
 * Postmortems on a real SQLite database: a resolved incident (seeded as the pipeline leaves it,
 * with a rolled-back first attempt) is drafted into facts and markdown; drafting again keeps
 * people's work; edits and reviews record who and when, and refuse what they must.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../http/api-error";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { draftPendingPostmortems } from "./draft-pending-postmortems";
import { draftPostmortem } from "./draft-postmortem";
import { getIncidentPostmortem, getPostmortem } from "./get-postmortem";
import { listPostmortems } from "./list-postmortems";
import { markPostmortemReviewed } from "./mark-postmortem-reviewed";
import { renderPostmortemMarkdown } from "./render-postmortem-markdown";
import { fixedMetricsSource, minutes, seedResolvedIncident } from "./testing/seed-resolved-incident";
import { updatePostmortemMarkdown } from "./update-postmortem-markdown";

let test: TestDatabase;
const NOW = minutes(60);

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.cleanup();
});
beforeEach(async () => {
  await test.db.postmortem.deleteMany();
  await test.db.mitigationTransaction.deleteMany();
  await test.db.incidentEvent.deleteMany();
  await test.db.alert.deleteMany();
  await test.db.incident.deleteMany();
});

async function expectApiError(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  expect((error as ApiError).message).toMatch(message);
  return error as ApiError;
}

describe("draftPostmortem", () => {
  it("gathers impact, MTTx, root cause, every attempt with who approved it and its scores, and judgements", async () => {
    const { incidentId } = await seedResolvedIncident(test.db);
    const metrics = fixedMetricsSource();
    const { outcome, postmortem } = await draftPostmortem({ db: test.db, incidentId, metrics, now: NOW });
    expect(outcome).toBe("created");
    expect(postmortem).toMatchObject({ incidentId, status: "draft", updatedBy: null, reviewedBy: null, incidentTitle: "cart unreachable from checkout" });
    const facts = postmortem.facts!;

    expect(facts.impact).toMatchObject({ durationMs: 45 * 60_000, servicesAffected: ["checkout", "cart", "frontend"] });
    expect(facts.timeline).toMatchObject({ mttdMs: 2 * 60_000, mttaMs: 6 * 60_000, mttrMs: 45 * 60_000 });
    // 20 minutes of alerts at a 60 s step: 20 points of 10 req/s; checkout fails 20 % against a 1 % SLO.
    expect(facts.impact.errorBudget.status).toBe("measured");
    if (facts.impact.errorBudget.status !== "measured") throw new Error("unreachable");
    const checkout = facts.impact.errorBudget.services.find((s) => s.service === "checkout")!;
    expect(checkout).toMatchObject({ totalRequests: 12_000, badRequests: 2_400, sloErrorRatio: 0.01 });
    expect(checkout.budgetBurned).toBeCloseTo(20, 9);
    expect(checkout.shareOf30DayBudget).toBeCloseTo((20 * 1200) / (30 * 86_400), 12);
    expect(facts.impact.errorBudget.services.find((s) => s.service === "cart")?.budgetBurned).toBe(0);
    expect(metrics.queries.every((q) => q.windowSeconds === q.stepSeconds && q.namespace === "shop")).toBe(true);

    expect(facts.rootCause).toMatchObject({
      summary: "cart Service targetPort 9999 matches no container port",
      faultyObject: { kind: "Service", namespace: "shop", name: "cart" },
      confidence: 0.92,
      path: ["frontend", "checkout", "cart"],
    });
    expect(facts.attempts).toHaveLength(2);
    expect(facts.attempts[0]).toMatchObject({
      transactionId: "tx-1",
      outcome: "rolled_back",
      approval: { decision: "approved", by: "ana", auto: false, waitMs: 60_000 },
      healthBefore: 41.5,
      healthAfter: 30,
      namespaceHealthBefore: 70,
      namespaceHealthAfter: 62,
    });
    expect(facts.attempts[1]).toMatchObject({ transactionId: "tx-2", outcome: "committed", approval: { by: "bo", waitMs: 20 * 60_000 }, healthBefore: 40, healthAfter: 97.25 });
    expect(facts.agents.toolCalls).toEqual({ diagnosis: 2, detection: 1 });
    expect(facts.agents.diagnoses).toBe(2);
    expect(facts.wentBadly.join("\n")).toMatch(/Attempt 1 \(scale cart to 4 replicas\) was rolled back: H 41.5 → 30/);
    expect(facts.wentBadly.join("\n")).toMatch(/Attempt 2 waited 20m for approval/);
    expect(facts.wentWell.join("\n")).toMatch(/confirmed 2m after the first alert/);
    expect(facts.followUps.join("\n")).toMatch(/autopilot policy for low-risk actions in namespace shop/);
    expect(facts.followUps.join("\n")).toMatch(/Service shop\/cart/);
    expect(facts.summary).toContain('mitigated by "set cart Service targetPort back to 8080" (approved by bo) after 1 rolled-back attempt');

    // The markdown says the same, and is exactly what the facts render to.
    const md = postmortem.markdown;
    expect(md).toBe(renderPostmortemMarkdown(facts));
    expect(md).toContain("### Attempt 1: scale cart to 4 replicas");
    expect(md).toContain("approved by **ana** after 1m");
    expect(md).toMatch(/Outcome: \*\*rolled back by TNR\*\*; target H before 41.5, after 30; namespace H 70 → 62/);
    expect(md).toMatch(/Outcome: \*\*committed \(kept\)\*\*; target H before 40, after 97.3/);
    expect(md).toContain("checkout: 2,400 failed of 12,000 requests (20 % against an SLO of 1 %): 20× the window's error budget, about 0.93 % of a 30-day budget");
    expect(md).toContain("Time to detect (MTTD) 2m · time to acknowledge (MTTA) 6m · time to resolve (MTTR) 45m");
    for (const heading of ["## Summary", "## Impact", "## Timeline", "## Root cause", "### Contributing factors", "## What the agents did", "## Mitigation attempts and approvals", "## What went well", "## What went badly", "## Follow-up actions"]) {
      expect(md).toContain(`\n${heading}\n`);
    }

    const drafted = await test.db.incidentEvent.findMany({ where: { incidentId, type: "postmortem.drafted" } });
    expect(drafted.map((e) => e.payload)).toEqual([{ postmortemId: postmortem.id, redraft: false, by: null }]);
  });

  it("says the error budget is unknown, and why, without metrics or when they fail", async () => {
    const { incidentId } = await seedResolvedIncident(test.db);
    const { postmortem } = await draftPostmortem({ db: test.db, incidentId, now: NOW });
    expect(postmortem.facts?.impact.errorBudget).toEqual({ status: "unknown", reason: "no metrics source is configured" });
    expect(postmortem.markdown).toContain("Error budget burned: unknown (no metrics source is configured)");
    expect(postmortem.facts?.followUps.join("\n")).toMatch(/Configure a metrics source/);

    const failing = await draftPostmortem({ db: test.db, incidentId, now: NOW, redraft: true, metrics: fixedMetricsSource({ failWith: "connection refused" }) });
    expect(failing.postmortem.facts?.impact.errorBudget).toEqual({ status: "unknown", reason: "the fixed metrics source failed: connection refused" });
  });

  it("is idempotent: a second call keeps the draft, an edited draft or a reviewed one", async () => {
    const { incidentId } = await seedResolvedIncident(test.db);
    const first = await draftPostmortem({ db: test.db, incidentId, now: NOW });
    const again = await draftPostmortem({ db: test.db, incidentId, now: minutes(90) });
    expect(again.outcome).toBe("kept");
    expect(again.postmortem).toEqual(first.postmortem);

    await updatePostmortemMarkdown({ db: test.db, id: first.postmortem.id, markdown: "# Our words", by: "ana" });
    expect((await draftPostmortem({ db: test.db, incidentId, now: NOW })).postmortem.markdown).toBe("# Our words");
    // Concurrent calls write one draft and one event.
    await test.db.postmortem.deleteMany();
    await test.db.incidentEvent.deleteMany({ where: { type: "postmortem.drafted" } });
    const results = await Promise.all([1, 2, 3].map(() => draftPostmortem({ db: test.db, incidentId, now: NOW })));
    expect(results.map((r) => r.outcome).sort()).toEqual(["created", "kept", "kept"]);
    expect(await test.db.incidentEvent.count({ where: { incidentId, type: "postmortem.drafted" } })).toBe(1);
  });

  it("redraft replaces a draft (edits included) on request, and refuses a reviewed postmortem", async () => {
    const { incidentId } = await seedResolvedIncident(test.db);
    const { postmortem } = await draftPostmortem({ db: test.db, incidentId, now: NOW });
    await updatePostmortemMarkdown({ db: test.db, id: postmortem.id, markdown: "# edited", by: "ana" });
    const redrafted = await draftPostmortem({ db: test.db, incidentId, now: minutes(70), redraft: true, by: "bo" });
    expect(redrafted).toMatchObject({ outcome: "redrafted", postmortem: { id: postmortem.id, updatedBy: null, draftedAt: minutes(70).toISOString() } });
    expect(redrafted.postmortem.markdown).toBe(renderPostmortemMarkdown(redrafted.postmortem.facts!));
    expect(redrafted.postmortem.markdown).toContain("written from the incident record at 2026-03-01 11:10:00 UTC");
    const events = await test.db.incidentEvent.findMany({ where: { incidentId, type: "postmortem.drafted" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.payload)).toEqual([
      { postmortemId: postmortem.id, redraft: false, by: null },
      { postmortemId: postmortem.id, redraft: true, by: "bo" },
    ]);

    await markPostmortemReviewed({ db: test.db, id: postmortem.id, by: "cy", now: minutes(80) });
    await expectApiError(draftPostmortem({ db: test.db, incidentId, now: NOW, redraft: true }), "conflict", /reviewed by cy at 2026-03-01T11:20:00.000Z; it is not redrafted, edit it instead/);
  });

  it("refuses an unknown incident (404) and one that is still open (409)", async () => {
    await expectApiError(draftPostmortem({ db: test.db, incidentId: "nope", now: NOW }), "not_found", /incident "nope" not found/);
    const { incidentId } = await seedResolvedIncident(test.db, { state: "AWAITING_APPROVAL" });
    await expectApiError(draftPostmortem({ db: test.db, incidentId, now: NOW }), "conflict", /still AWAITING_APPROVAL/);
    expect(await test.db.postmortem.count()).toBe(0);
  });
});

describe("draftPendingPostmortems", () => {
  it("drafts every resolved incident without a postmortem, once", async () => {
    const a = await seedResolvedIncident(test.db, { title: "a", txPrefix: "a-" });
    const b = await seedResolvedIncident(test.db, { title: "b", txPrefix: "b-" });
    await seedResolvedIncident(test.db, { title: "open", state: "DIAGNOSING", txPrefix: "open-" });
    const first = await draftPendingPostmortems({ db: test.db, metrics: fixedMetricsSource(), now: NOW });
    expect(first.failed).toEqual([]);
    expect(first.drafted.sort()).toEqual([a.incidentId, b.incidentId].sort());
    expect(await draftPendingPostmortems({ db: test.db, metrics: fixedMetricsSource(), now: NOW })).toEqual({ drafted: [], failed: [] });
    expect(await test.db.postmortem.count()).toBe(2);
  });
});

describe("editing and reviewing", () => {
  it("an edit records who made it; a stale edit is refused with who changed it", async () => {
    const { incidentId } = await seedResolvedIncident(test.db);
    const { postmortem } = await draftPostmortem({ db: test.db, incidentId, now: NOW });
    const edited = await updatePostmortemMarkdown({ db: test.db, id: postmortem.id, markdown: "# v2", by: "ana", baseUpdatedAt: postmortem.updatedAt });
    expect(edited).toMatchObject({ markdown: "# v2", updatedBy: "ana", status: "draft" });
    // Bo's editor still shows the first version.
    await expectApiError(
      updatePostmortemMarkdown({ db: test.db, id: postmortem.id, markdown: "# bo's", by: "bo", baseUpdatedAt: postmortem.updatedAt }),
      "conflict",
      /was changed by ana at .* after you loaded it/,
    );
    expect((await getPostmortem({ db: test.db, id: postmortem.id })).markdown).toBe("# v2");
  });

  it("validates edits and names the field", async () => {
    const { incidentId } = await seedResolvedIncident(test.db);
    const { postmortem } = await draftPostmortem({ db: test.db, incidentId, now: NOW });
    const empty = await expectApiError(updatePostmortemMarkdown({ db: test.db, id: postmortem.id, markdown: "  \n", by: "ana" }), "unprocessable", /markdown must not be empty/);
    expect(empty.issues).toEqual([{ path: "markdown", message: "must not be empty" }]);
    await expectApiError(updatePostmortemMarkdown({ db: test.db, id: postmortem.id, markdown: "x".repeat(200_001), by: "ana" }), "unprocessable", /markdown must be at most 200000 characters/);
    await expectApiError(updatePostmortemMarkdown({ db: test.db, id: postmortem.id, markdown: "ok", by: " " }), "unprocessable", /invalid editor: must name who acts/);
    await expectApiError(updatePostmortemMarkdown({ db: test.db, id: postmortem.id, markdown: "ok", by: "ana", baseUpdatedAt: "yesterday" }), "unprocessable", /baseUpdatedAt must be the ISO 8601/);
    await expectApiError(updatePostmortemMarkdown({ db: test.db, id: "missing", markdown: "ok", by: "ana" }), "not_found", /postmortem "missing" not found/);
  });

  it("draft -> reviewed records who and when; a second review is refused; an edit after review keeps it reviewed", async () => {
    const { incidentId } = await seedResolvedIncident(test.db);
    const { postmortem } = await draftPostmortem({ db: test.db, incidentId, now: NOW });
    const reviewed = await markPostmortemReviewed({ db: test.db, id: postmortem.id, by: "cy", now: minutes(80) });
    expect(reviewed).toMatchObject({ status: "reviewed", reviewedBy: "cy", reviewedAt: minutes(80).toISOString() });
    const twice = await Promise.allSettled([markPostmortemReviewed({ db: test.db, id: postmortem.id, by: "dee" })]);
    expect(twice[0]?.status).toBe("rejected");
    expect(((twice[0] as PromiseRejectedResult).reason as ApiError).message).toBe(`postmortem "${postmortem.id}" is already reviewed by cy at ${minutes(80).toISOString()}`);

    const corrected = await updatePostmortemMarkdown({ db: test.db, id: postmortem.id, markdown: "# corrected", by: "ana" });
    expect(corrected).toMatchObject({ status: "reviewed", reviewedBy: "cy", updatedBy: "ana", markdown: "# corrected" });
    const events = await test.db.incidentEvent.findMany({ where: { incidentId, type: "postmortem.reviewed" } });
    expect(events.map((e) => e.payload)).toEqual([{ postmortemId: postmortem.id, by: "cy" }]);
    expect(await getIncidentPostmortem({ db: test.db, incidentId })).toMatchObject({ id: postmortem.id, status: "reviewed" });
  });

  it("lists drafts first with their incident, filters by status, and says why an incident has none", async () => {
    const a = await seedResolvedIncident(test.db, { title: "first", txPrefix: "a-" });
    const b = await seedResolvedIncident(test.db, { title: "second", txPrefix: "b-" });
    const pa = (await draftPostmortem({ db: test.db, incidentId: a.incidentId, now: minutes(50) })).postmortem;
    await draftPostmortem({ db: test.db, incidentId: b.incidentId, now: minutes(55) });
    await markPostmortemReviewed({ db: test.db, id: pa.id, by: "cy" });
    const all = await listPostmortems({ db: test.db, filter: { status: "all" }, pagination: { page: 1, pageSize: 10 } });
    expect(all.items.map((p) => [p.incidentTitle, p.status])).toEqual([
      ["second", "draft"],
      ["first", "reviewed"],
    ]);
    expect(all.total).toBe(2);
    const reviewed = await listPostmortems({ db: test.db, filter: { status: "reviewed" }, pagination: { page: 1, pageSize: 10 } });
    expect(reviewed.items.map((p) => p.reviewedBy)).toEqual(["cy"]);

    const open = await seedResolvedIncident(test.db, { state: "MITIGATING", txPrefix: "open-" });
    await expectApiError(getIncidentPostmortem({ db: test.db, incidentId: open.incidentId }), "not_found", /has no postmortem yet \(it is MITIGATING/);
  });
});
