import { describe, expect, it } from "vitest";
import type { IngestResult } from "./ingest-alerts";
import { IngestBatcher } from "./ingest-batcher";
import type { NormalizedAlert } from "./types";

const alertNamed = (fingerprint: string) => ({ fingerprint, status: "firing" }) as NormalizedAlert;

function fakeIngest(calls: string[][], failWhen?: (fps: string[]) => boolean) {
  return async (alerts: NormalizedAlert[]): Promise<IngestResult> => {
    const fps = alerts.map((a) => a.fingerprint);
    calls.push(fps);
    await new Promise((r) => setTimeout(r, 5));
    if (failWhen?.(fps)) throw new Error(`bad batch ${fps.join(",")}`);
    return {
      alerts: alerts.map((a) => ({ id: `id-${a.fingerprint}`, fingerprint: a.fingerprint, status: "firing", outcome: "created", incidentId: `inc-${a.fingerprint}` })),
      incidentIds: alerts.map((a) => `inc-${a.fingerprint}`),
    };
  };
}

describe("IngestBatcher", () => {
  it("commits requests that arrive during a commit together, and gives each its own results", async () => {
    const calls: string[][] = [];
    const batcher = new IngestBatcher(fakeIngest(calls));
    const results = await Promise.all([
      batcher.submit([alertNamed("a")]),
      batcher.submit([alertNamed("b"), alertNamed("c")]),
      batcher.submit([alertNamed("d")]),
    ]);
    expect(calls).toEqual([["a"], ["b", "c", "d"]]);
    expect(results.map((r) => r.alerts.map((a) => a.id))).toEqual([["id-a"], ["id-b", "id-c"], ["id-d"]]);
    expect(results[1]!.incidentIds).toEqual(["inc-b", "inc-c"]);
  });

  it("respects the per-commit alert limit", async () => {
    const calls: string[][] = [];
    const batcher = new IngestBatcher(fakeIngest(calls), 2);
    await Promise.all(["a", "b", "c", "d", "e"].map((fp) => batcher.submit([alertNamed(fp)])));
    expect(calls).toEqual([["a"], ["b", "c"], ["d", "e"]]);
  });

  it("retries a failed shared commit one request at a time, so only the bad request fails", async () => {
    const calls: string[][] = [];
    const batcher = new IngestBatcher(fakeIngest(calls, (fps) => fps.includes("bad")));
    const settled = await Promise.allSettled([
      batcher.submit([alertNamed("first")]),
      batcher.submit([alertNamed("ok")]),
      batcher.submit([alertNamed("bad")]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect(calls).toEqual([["first"], ["ok", "bad"], ["ok"], ["bad"]]);
  });
});
