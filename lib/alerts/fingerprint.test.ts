import { describe, expect, it } from "vitest";
import { fingerprintOf } from "./fingerprint";

describe("fingerprintOf", () => {
  it("is a 16-char sha256 prefix of the sorted entries (golden value guards against accidental algorithm changes)", () => {
    expect(fingerprintOf({ alertname: "HighErrorRatio", namespace: "shop" })).toBe("0fca5f6d0477b346");
    expect(fingerprintOf({})).toBe("4f53cda18c2baa0c");
  });

  it("gives the same fingerprint for the same labels in a different key order", () => {
    const a = fingerprintOf({ alertname: "HighErrorRatio", namespace: "shop", service: "cart" });
    const b = fingerprintOf({ service: "cart", alertname: "HighErrorRatio", namespace: "shop" });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it("gives different fingerprints for different labels", () => {
    const cart = fingerprintOf({ alertname: "HighErrorRatio", service: "cart" });
    expect(fingerprintOf({ alertname: "HighErrorRatio", service: "checkout" })).not.toBe(cart);
    expect(fingerprintOf({ alertname: "HighErrorRatio", service: "cart", namespace: "shop" })).not.toBe(cart);
  });

  it("does not let separators inside values collide with extra keys", () => {
    expect(fingerprintOf({ a: "1,b=2" })).not.toBe(fingerprintOf({ a: "1", b: "2" }));
    expect(fingerprintOf({ "a=1": "" })).not.toBe(fingerprintOf({ a: "1" }));
  });
});
