/**
 * Watch semantics over HTTP that clients depend on: selector transitions, the initial-events
 * bookmark, resume beyond the history window (410 Gone), and timeoutSeconds on the sim clock.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SimClock } from "../clock";
import { SeededRandom } from "../rng";
import { bootstrapCluster } from "../store/bootstrap";
import { InMemoryObjectStore } from "../store/object-store";
import { createApiServer, type ApiServer } from "./api-server";

interface WatchEvent {
  type: string;
  object: { kind?: string; code?: number; metadata?: { name?: string; annotations?: Record<string, string> } };
}

let clock: SimClock;
let store: InMemoryObjectStore;
let server: ApiServer;
let base: string;

beforeEach(async () => {
  clock = new SimClock({ mode: "manual", start: new Date("2026-01-01T00:00:00Z") });
  store = new InMemoryObjectStore({ clock, rng: new SeededRandom(1), historyPerResource: 4 });
  bootstrapCluster({ store, clock, rng: new SeededRandom(2) });
  server = createApiServer({ store, clock });
  base = `http://127.0.0.1:${await server.listen({ host: "127.0.0.1", port: 0 })}`;
});

afterEach(async () => {
  await server.close();
});

/** Opens a watch and collects its events until `until` says stop (or the stream ends). */
async function watch(query: string, until: (events: WatchEvent[]) => boolean, act?: () => void): Promise<WatchEvent[]> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/namespaces/default/configmaps?watch=true&${query}`, { signal: controller.signal });
  const reader = response.body!.getReader();
  const events: WatchEvent[] = [];
  let buffer = "";
  act?.();
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        events.push(JSON.parse(buffer.slice(0, newline)) as WatchEvent);
        buffer = buffer.slice(newline + 1);
      }
    }
  } finally {
    controller.abort();
  }
  return events;
}

function configMap(name: string, labels: Record<string, string>) {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default", labels } };
}

describe("watch", () => {
  it("turns label changes into ADDED and DELETED for a selector", async () => {
    const rv = store.resourceVersion();
    const cm = store.create("configmaps", configMap("flags", { stage: "canary" }));
    const promoted = store.update("configmaps", { ...cm, metadata: { ...cm.metadata, labels: { stage: "stable" } } });
    store.update("configmaps", { ...promoted, metadata: { ...promoted.metadata, labels: { stage: "retired" } } });
    const events = await watch(`resourceVersion=${rv}&labelSelector=stage%3Dstable`, (e) => e.length >= 2);
    expect(events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual(["ADDED flags", "DELETED flags"]);
  });

  it("sends synthetic ADDED events and the initial-events-end bookmark", async () => {
    store.create("configmaps", configMap("a", {}));
    store.create("configmaps", configMap("b", {}));
    const events = await watch("sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true", (e) => e.length >= 3);
    expect(events.map((e) => e.type)).toEqual(["ADDED", "ADDED", "BOOKMARK"]);
    expect(events[2]?.object.metadata?.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
  });

  it("answers a resourceVersion older than the history with a 410 ERROR event", async () => {
    const old = store.resourceVersion();
    for (let i = 0; i < 10; i++) store.create("configmaps", configMap(`cm-${i}`, {}));
    const events = await watch(`resourceVersion=${old}`, (e) => e.length >= 1);
    expect(events[0]).toMatchObject({ type: "ERROR", object: { kind: "Status", code: 410 } });
  });

  it("ends the stream after timeoutSeconds of simulated time", async () => {
    const events = await watch("timeoutSeconds=30", () => false, () => {
      setTimeout(() => clock.advance(31_000), 50);
    });
    expect(events).toEqual([]);
  });
});
