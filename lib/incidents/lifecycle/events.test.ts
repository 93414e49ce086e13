import { describe, expect, it } from "vitest";
import { LIFECYCLE_EVENT_TYPES, isLifecycleEventType, lifecycleEventSchema } from "./events";
import { LIFECYCLE_STATES, OPEN_STATES, TERMINAL_STATES, toLifecycleState } from "./states";
import { SAMPLE_EVENTS } from "./testing/sample-events";
import { TRANSITION_TABLE } from "./transition-table";

describe("lifecycleEventSchema", () => {
  it("parses a valid event of every type", () => {
    for (const type of LIFECYCLE_EVENT_TYPES) expect(lifecycleEventSchema.parse(SAMPLE_EVENTS[type])).toEqual(SAMPLE_EVENTS[type]);
  });

  it("refuses a payload of the wrong shape, naming the field", () => {
    const result = lifecycleEventSchema.safeParse({ type: "approval.rejected", payload: { transactionId: "tx-1", by: "alice", reason: "" } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["payload", "reason"]);
  });

  it("refuses unknown types and unknown payload fields", () => {
    expect(lifecycleEventSchema.safeParse({ type: "alerts.exploded", payload: {} }).success).toBe(false);
    expect(lifecycleEventSchema.safeParse({ type: "detection.noise", payload: { reason: "flapping", extra: 1 } }).success).toBe(false);
    expect(lifecycleEventSchema.safeParse({ type: "validation.committed", payload: { transactionId: "t", healthBefore: 50, healthAfter: 101 } }).success).toBe(false);
  });

  it("lists every type once, and every type is accepted somewhere in the table", () => {
    expect(new Set(LIFECYCLE_EVENT_TYPES).size).toBe(LIFECYCLE_EVENT_TYPES.length);
    expect(isLifecycleEventType("approval.granted")).toBe(true);
    expect(isLifecycleEventType("incident.opened")).toBe(false);
    const used = new Set(LIFECYCLE_STATES.flatMap((state) => Object.keys(TRANSITION_TABLE[state])));
    expect([...used].sort()).toEqual([...LIFECYCLE_EVENT_TYPES].sort());
  });
});

describe("states", () => {
  it("splits every state into open or terminal", () => {
    expect([...OPEN_STATES, ...TERMINAL_STATES].sort()).toEqual([...LIFECYCLE_STATES].sort());
    expect(TERMINAL_STATES).toEqual(["RESOLVED", "CLOSED_AS_NOISE"]);
  });

  it("maps stored names, legacy included", () => {
    expect(toLifecycleState("TRIGGERED")).toBe("DETECTING");
    expect(toLifecycleState("RESOLVED")).toBe("RESOLVED");
    expect(toLifecycleState("toString")).toBeNull();
    expect(toLifecycleState("nope")).toBeNull();
  });
});
