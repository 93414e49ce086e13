/**
 * The event recorder: real-looking names, aggregation, expiry.
 */
import { describe, expect, it } from "vitest";
import { SimClock } from "../clock";
import { SeededRandom } from "../rng";
import { bootstrapCluster } from "../store/bootstrap";
import { InMemoryObjectStore } from "../store/object-store";
import type { CoreEvent } from "./api-types";
import { EventRecorder } from "./events";

function setup() {
  const clock = new SimClock({ mode: "manual", start: new Date("2025-01-01T00:00:00Z") });
  const store = new InMemoryObjectStore({ clock, rng: new SeededRandom(1) });
  bootstrapCluster({ store, clock, rng: new SeededRandom(2) });
  const recorder = new EventRecorder(store, clock);
  store.subscribe((change) => recorder.onChange(change));
  const pod = store.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx" }] } });
  const events = () => store.list("events", "default").items as CoreEvent[];
  return { clock, store, recorder, pod, events };
}

describe("EventRecorder", () => {
  it("writes events like a cluster component and aggregates repeats into count", () => {
    const { clock, recorder, pod, events } = setup();
    const backOff = { object: pod, type: "Warning" as const, reason: "BackOff", message: "Back-off restarting failed container c", source: { component: "kubelet", host: "sim-node-1" }, fieldPath: "spec.containers{c}" };
    recorder.record(backOff);
    clock.advance(10_000);
    recorder.record(backOff);
    recorder.record({ ...backOff, message: "something else" });
    const [first, second] = events();
    expect(events()).toHaveLength(2);
    expect(first!.metadata.name).toMatch(/^web-1\.[0-9a-f]+$/);
    expect(first).toMatchObject({
      involvedObject: { kind: "Pod", name: "web-1", namespace: "default", uid: pod.metadata.uid, fieldPath: "spec.containers{c}" },
      reason: "BackOff",
      type: "Warning",
      count: 2,
      firstTimestamp: "2025-01-01T00:00:00Z",
      lastTimestamp: "2025-01-01T00:00:10Z",
      source: { component: "kubelet", host: "sim-node-1" },
      reportingComponent: "kubelet",
    });
    expect(second!.count).toBe(1);
  });

  it("expires events an hour after they were last seen, and starts afresh after a deletion", () => {
    const { clock, store, recorder, pod, events } = setup();
    const scheduled = { object: pod, type: "Normal" as const, reason: "Scheduled", message: "Successfully assigned default/web-1 to sim-node-1", source: { component: "default-scheduler" } };
    recorder.record(scheduled);
    clock.advance(30 * 60_000);
    recorder.record({ ...scheduled, reason: "Pulled", message: "pulled" });
    clock.advance(31 * 60_000);
    recorder.expire();
    expect(events().map((e) => e.reason)).toEqual(["Pulled"]);
    store.delete("events", "default", events()[0]!.metadata.name);
    recorder.record({ ...scheduled, reason: "Pulled", message: "pulled" });
    expect(events()).toHaveLength(1);
    expect(events()[0]!.count).toBe(1);
  });
});
