import { describe, expect, it } from "vitest";
import { GraphRefresher } from "./graph-refresher";

/** A refresher over a counting build and a hand-moved clock. */
function setup(options: { maxNamespaces?: number; fail?: () => boolean } = {}) {
  let now = 0;
  const builds: string[] = [];
  const errors: string[] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const refresher = new GraphRefresher<{ namespace: string; n: number; previous: number | null }>({
    build: async (namespace, previous) => {
      builds.push(namespace);
      if (gate) await gate;
      if (options.fail?.()) throw new Error("cluster unreachable");
      return { namespace, n: builds.length, previous: previous?.n ?? null };
    },
    intervalMs: 30_000,
    minRebuildIntervalMs: 5_000,
    idleMs: 60_000,
    ...(options.maxNamespaces ? { maxNamespaces: options.maxNamespaces } : {}),
    now: () => now,
    onError: (namespace) => errors.push(namespace),
  });
  return {
    refresher,
    builds,
    errors,
    advance: (ms: number) => (now += ms),
    hold: () => (gate = new Promise((resolve) => (release = resolve))),
    release: () => {
      gate = undefined;
      release?.();
    },
  };
}

describe("GraphRefresher", () => {
  it("builds once, answers from the cache, and rebuilds when the value is older than the interval", async () => {
    const t = setup();
    expect((await t.refresher.get("shop")).value.n).toBe(1);
    t.advance(10_000);
    expect((await t.refresher.get("shop")).value.n).toBe(1);
    t.advance(25_000);
    const rebuilt = await t.refresher.get("shop");
    expect(rebuilt.value).toMatchObject({ n: 2, previous: 1 });
    expect(t.builds).toEqual(["shop", "shop"]);
  });

  it("rebuilds on demand, but not more often than the minimum interval", async () => {
    const t = setup();
    await t.refresher.get("shop");
    t.advance(1_000);
    expect((await t.refresher.get("shop", { refresh: true })).value.n).toBe(1);
    t.advance(5_000);
    expect((await t.refresher.get("shop", { refresh: true })).value.n).toBe(2);
  });

  it("shares one build between concurrent callers", async () => {
    const t = setup();
    t.hold();
    const both = Promise.all([t.refresher.get("shop"), t.refresher.get("shop")]);
    t.release();
    const [a, b] = await both;
    expect(a).toBe(b);
    expect(t.builds).toEqual(["shop"]);
  });

  it("keeps at most maxNamespaces, dropping the least recently asked for", async () => {
    const t = setup({ maxNamespaces: 2 });
    await t.refresher.get("a");
    t.advance(1);
    await t.refresher.get("b");
    t.advance(1);
    await t.refresher.get("a");
    t.advance(1);
    await t.refresher.get("c");
    expect(t.refresher.namespaces()).toEqual(["c", "a"]);
  });

  it("refreshes in the background only what was asked for recently, keeping the last value when a rebuild fails", async () => {
    let failing = false;
    const t = setup({ fail: () => failing });
    await t.refresher.get("shop");
    await t.refresher.get("idle");
    t.advance(30_000);
    await t.refresher.get("shop"); // asked again: stays hot
    t.advance(40_000); // "idle" was last asked 70 s ago
    failing = true;
    await t.refresher.refreshAll();
    expect(t.refresher.namespaces()).toEqual(["shop"]);
    expect(t.errors).toEqual(["shop"]);
    failing = false;
    t.advance(1);
    const value = await t.refresher.get("shop");
    expect(value.value.namespace).toBe("shop");
  });

  it("passes a first-build failure to the caller and tries again next time", async () => {
    let failing = true;
    const t = setup({ fail: () => failing });
    await expect(t.refresher.get("shop")).rejects.toThrow("cluster unreachable");
    failing = false;
    expect((await t.refresher.get("shop")).value.n).toBe(2);
  });
});
