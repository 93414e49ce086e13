import { describe, expect, it } from "vitest";
import { mergeEvents } from "./merge-events";

const ev = (...ids: number[]) => ids.map((id) => ({ id }));

describe("mergeEvents", () => {
  it("appends newer events", () => {
    expect(mergeEvents(ev(1, 2), ev(3, 5))).toEqual(ev(1, 2, 3, 5));
  });
  it("drops replayed events and keeps the same array when nothing is new", () => {
    const existing = ev(1, 2, 3);
    expect(mergeEvents(existing, ev(2, 3))).toBe(existing);
  });
  it("slots a late event into id order, once", () => {
    expect(mergeEvents(ev(1, 3), ev(2, 3, 4))).toEqual(ev(1, 2, 3, 4));
  });
});
