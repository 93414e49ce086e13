import { describe, expect, it } from "vitest";
import { EventTail } from "./event-tail";

interface Row {
  id: number;
}

/** An in-memory log whose rows become visible when `commit`ted, in any order (like PostgreSQL). */
function fakeLog() {
  const visible = new Map<number, Row>();
  let queries = 0;
  return {
    commit(...ids: number[]) {
      for (const id of ids) visible.set(id, { id });
    },
    fetchAfter: async (after: number, limit: number) => {
      queries++;
      return [...visible.values()].filter((r) => r.id > after).sort((a, b) => a.id - b.id).slice(0, limit);
    },
    get queries() {
      return queries;
    },
  };
}

function collector() {
  const ids: number[] = [];
  return { ids, deliver: (rows: Row[]) => ids.push(...rows.map((r) => r.id)) };
}

describe("EventTail", () => {
  it("delivers the backlog after the resume point, then new rows, each once and in order", async () => {
    const log = fakeLog();
    log.commit(1, 2, 3);
    const tail = new EventTail<Row>({ fetchAfter: log.fetchAfter, manual: true, lateCommitGraceMs: 0 });
    const sub = collector();
    tail.subscribe({ afterId: 1, deliver: sub.deliver });
    await tail.pollOnce();
    log.commit(4, 5);
    await tail.pollOnce();
    await tail.pollOnce();
    log.commit(6);
    await tail.pollOnce();
    expect(sub.ids).toEqual([2, 3, 4, 5, 6]);
  });

  it("serves many subscribers with one query per poll, each from its own resume point", async () => {
    const log = fakeLog();
    log.commit(1, 2, 3, 4);
    const tail = new EventTail<Row>({ fetchAfter: log.fetchAfter, manual: true, lateCommitGraceMs: 0 });
    const subs = Array.from({ length: 100 }, (_, i) => {
      const sub = collector();
      tail.subscribe({ afterId: i % 5, deliver: sub.deliver });
      return { afterId: i % 5, ...sub };
    });
    await tail.pollOnce();
    log.commit(5, 6);
    await tail.pollOnce();
    expect(log.queries).toBe(2);
    for (const sub of subs) expect(sub.ids).toEqual([1, 2, 3, 4, 5, 6].filter((id) => id > sub.afterId));
  });

  it("a subscriber joining later gets its backlog without re-sending to the others", async () => {
    const log = fakeLog();
    const tail = new EventTail<Row>({ fetchAfter: log.fetchAfter, manual: true, lateCommitGraceMs: 0 });
    const early = collector();
    tail.subscribe({ afterId: 0, deliver: early.deliver });
    log.commit(1, 2);
    await tail.pollOnce();
    const late = collector();
    tail.subscribe({ afterId: 0, deliver: late.deliver });
    log.commit(3);
    await tail.pollOnce();
    expect(early.ids).toEqual([1, 2, 3]);
    expect(late.ids).toEqual([1, 2, 3]);
  });

  it("delivers a row that commits after a higher id was read (PostgreSQL sequences), exactly once", async () => {
    let now = 0;
    const log = fakeLog();
    const tail = new EventTail<Row>({ fetchAfter: log.fetchAfter, manual: true, lateCommitGraceMs: 1_000, now: () => now });
    const sub = collector();
    tail.subscribe({ afterId: 0, deliver: sub.deliver });
    log.commit(1, 3); // 2 is still in flight
    await tail.pollOnce();
    now += 100;
    await tail.pollOnce();
    log.commit(2);
    now += 100;
    await tail.pollOnce();
    for (let i = 0; i < 30; i++) {
      now += 100;
      await tail.pollOnce();
    }
    log.commit(4);
    await tail.pollOnce();
    expect(sub.ids).toEqual([1, 3, 2, 4]);
    expect(new Set(sub.ids).size).toBe(sub.ids.length);
  });

  it("rows older than the grace period are final: the re-read window moves on", async () => {
    let now = 0;
    const afters: number[] = [];
    const log = fakeLog();
    const tail = new EventTail<Row>({
      fetchAfter: (after, limit) => {
        afters.push(after);
        return log.fetchAfter(after, limit);
      },
      manual: true,
      lateCommitGraceMs: 500,
      now: () => now,
    });
    tail.subscribe({ afterId: 0, deliver: () => {} });
    log.commit(1, 2, 3);
    await tail.pollOnce();
    now = 600;
    await tail.pollOnce();
    expect(afters).toEqual([0, 3]);
  });

  it("pages through a backlog larger than one query", async () => {
    const log = fakeLog();
    log.commit(...Array.from({ length: 25 }, (_, i) => i + 1));
    const tail = new EventTail<Row>({ fetchAfter: log.fetchAfter, manual: true, batchSize: 10, lateCommitGraceMs: 0 });
    const sub = collector();
    tail.subscribe({ afterId: 0, deliver: sub.deliver });
    await tail.pollOnce();
    expect(sub.ids).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("a throwing subscriber does not starve the others", async () => {
    const log = fakeLog();
    log.commit(1);
    const errors: unknown[] = [];
    const tail = new EventTail<Row>({ fetchAfter: log.fetchAfter, manual: true, lateCommitGraceMs: 0, onError: (e) => errors.push(e) });
    tail.subscribe({ afterId: 0, deliver: () => { throw new Error("boom"); } });
    const ok = collector();
    tail.subscribe({ afterId: 0, deliver: ok.deliver });
    await tail.pollOnce();
    expect(ok.ids).toEqual([1]);
    expect(errors).toHaveLength(1);
  });

  it("polls in the background only while subscribed, and a nudge wakes it before the interval", async () => {
    const log = fakeLog();
    let idle = 0;
    const tail = new EventTail<Row>({ fetchAfter: log.fetchAfter, intervalMs: 10_000, lateCommitGraceMs: 0, onIdle: () => idle++ });
    const sub = collector();
    const unsubscribe = tail.subscribe({ afterId: 0, deliver: sub.deliver });
    await new Promise((r) => setTimeout(r, 20));
    log.commit(1);
    const t0 = Date.now();
    tail.nudge();
    await expect.poll(() => sub.ids, { timeout: 1_000, interval: 5 }).toEqual([1]);
    expect(Date.now() - t0).toBeLessThan(1_000);
    unsubscribe();
    await expect.poll(() => idle, { timeout: 1_000, interval: 5 }).toBe(1);
    const queries = log.queries;
    await new Promise((r) => setTimeout(r, 30));
    expect(log.queries).toBe(queries);
  });
});
