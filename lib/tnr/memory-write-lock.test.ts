/** The write lock's contract, on the in-memory implementation: one writer per cluster + namespace, leases that expire. */
import { describe, expect, it } from "vitest";
import { createMemoryWriteLock } from "./memory-write-lock";
import { withWriteLock } from "./hold-write-lock";

function lockAt() {
  const clock = { now: 1_000 };
  return { clock, lock: createMemoryWriteLock({ nowMs: () => clock.now }) };
}

const request = (owner: string, namespace = "shop", cluster = "sim") => ({ cluster, namespace, owner, ttlMs: 10_000 });

describe("memory write lock", () => {
  it("grants one writer per cluster + namespace and any number across namespaces and clusters", async () => {
    const { lock } = lockAt();
    const first = await lock.acquire(request("a"));
    expect(first).toMatchObject({ owner: "a", expiresAtMs: 11_000 });
    expect(await lock.acquire(request("b"))).toBeNull();
    expect(await lock.acquire(request("c", "payments"))).not.toBeNull();
    expect(await lock.acquire(request("d", "shop", "prod"))).not.toBeNull();
    expect(await lock.holder("sim", "shop")).toMatchObject({ owner: "a" });
  });

  it("frees itself when a crashed holder stops renewing, and a late holder cannot renew or release the new lease", async () => {
    const { clock, lock } = lockAt();
    const crashed = await lock.acquire(request("crashed"));
    clock.now += 10_000;
    const successor = await lock.acquire(request("successor"));
    expect(successor).not.toBeNull();
    expect(await lock.renew(crashed!, 10_000)).toBeNull();
    await lock.release(crashed!);
    expect(await lock.holder("sim", "shop")).toMatchObject({ owner: "successor" });
  });

  it("extends a renewed lease and frees a released one", async () => {
    const { clock, lock } = lockAt();
    const lease = await lock.acquire(request("a"));
    clock.now += 9_000;
    const renewed = await lock.renew(lease!, 10_000);
    expect(renewed?.expiresAtMs).toBe(20_000);
    clock.now += 9_000;
    expect(await lock.acquire(request("b"))).toBeNull();
    await lock.release(renewed!);
    expect(await lock.acquire(request("b"))).not.toBeNull();
  });
});

describe("withWriteLock", () => {
  it("fails with namespace busy naming the holder, and releases after the work even when it throws", async () => {
    const { lock } = lockAt();
    await expect(
      withWriteLock(lock, request("a"), async () => {
        await expect(withWriteLock(lock, request("b"), async () => "never")).rejects.toMatchObject({ code: "namespace-busy", message: "namespace busy: sim/shop is locked by a until 1970-01-01T00:00:11.000Z" });
        throw new Error("work failed");
      }),
    ).rejects.toThrow("work failed");
    expect(await lock.holder("sim", "shop")).toBeNull();
  });

  it("stops the work with lease-lost once the lease expired", async () => {
    const { clock, lock } = lockAt();
    await expect(
      withWriteLock(lock, request("a"), async (held) => {
        clock.now += 10_000;
        await held.renew();
      }),
    ).rejects.toMatchObject({ code: "lease-lost" });
  });
});
