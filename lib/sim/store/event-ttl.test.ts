import { describe, expect, it } from "vitest";
import { SimClock } from "../clock";
import { SeededRandom } from "../rng";
import { bootstrapCluster } from "./bootstrap";
import { startEventTtl } from "./event-ttl";
import { InMemoryObjectStore } from "./object-store";

describe("event TTL", () => {
  it("deletes events an hour after they were last seen, on the simulated clock", () => {
    const clock = new SimClock({ mode: "manual", start: new Date("2026-01-01T00:00:00Z") });
    const store = new InMemoryObjectStore({ clock, rng: new SeededRandom(1) });
    bootstrapCluster({ store, clock, rng: new SeededRandom(2) });
    const stop = startEventTtl({ store, clock });
    const event = (name: string, lastTimestamp: string) => ({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: "default" },
      involvedObject: { kind: "Pod", name: "p", namespace: "default" },
      reason: "Started",
      lastTimestamp,
    });
    store.create("events", event("old", "2026-01-01T00:00:00Z"));
    clock.advance(30 * 60_000);
    store.create("events", event("recent", "2026-01-01T00:30:00Z"));
    clock.advance(31 * 60_000);
    expect(store.list("events", "default").items.map((e) => e.metadata.name)).toEqual(["recent"]);
    stop();
  });
});
