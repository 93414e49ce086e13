import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadFixtureText } from "./fixtures/load-fixture";
import { verifyPagerDutySignature } from "./pagerduty-signature";

const rawBody = loadFixtureText("pagerduty-incident-triggered.json");
const secret = "whsec_current_0123456789abcdef";
const oldSecret = "whsec_previous_fedcba9876543210";

function sign(body: string, key: string): string {
  return `v1=${createHmac("sha256", key).update(body).digest("hex")}`;
}

describe("verifyPagerDutySignature", () => {
  it("accepts a valid signature over the raw body", () => {
    expect(verifyPagerDutySignature({ rawBody, header: sign(rawBody, secret), secrets: [secret] })).toBe(true);
  });

  it("accepts the raw body given as bytes", () => {
    const bytes = new TextEncoder().encode(rawBody);
    expect(verifyPagerDutySignature({ rawBody: bytes, header: sign(rawBody, secret), secrets: [secret] })).toBe(true);
  });

  it("rejects a signature made with another secret", () => {
    expect(verifyPagerDutySignature({ rawBody, header: sign(rawBody, "attacker"), secrets: [secret] })).toBe(false);
  });

  it("rejects a signature of a different body (e.g. re-serialized JSON)", () => {
    const reserialized = JSON.stringify(JSON.parse(rawBody));
    expect(verifyPagerDutySignature({ rawBody, header: sign(reserialized, secret), secrets: [secret] })).toBe(false);
  });

  it("accepts when any of several comma-separated signatures matches (PagerDuty key rotation)", () => {
    const header = `${sign(rawBody, "retired-secret")}, ${sign(rawBody, secret)}`;
    expect(verifyPagerDutySignature({ rawBody, header, secrets: [secret] })).toBe(true);
  });

  it("accepts a signature made with any of our configured secrets (our key rotation)", () => {
    expect(verifyPagerDutySignature({ rawBody, header: sign(rawBody, oldSecret), secrets: [secret, oldSecret] })).toBe(
      true,
    );
  });

  it("rejects signatures of the wrong length, odd length, non-hex or another version without throwing", () => {
    const valid = sign(rawBody, secret);
    for (const header of [valid.slice(0, -2), valid.slice(0, -1), valid + "00", "v1=zz" + valid.slice(5), valid.replace("v1=", "v0=")]) {
      expect(verifyPagerDutySignature({ rawBody, header, secrets: [secret] })).toBe(false);
    }
  });

  it.each([[undefined], [null], [""]])("rejects a missing header (%j)", (header) => {
    expect(verifyPagerDutySignature({ rawBody, header, secrets: [secret] })).toBe(false);
  });

  it("rejects everything when no (non-blank) secret is configured", () => {
    expect(verifyPagerDutySignature({ rawBody, header: sign(rawBody, ""), secrets: [] })).toBe(false);
    expect(verifyPagerDutySignature({ rawBody, header: sign(rawBody, ""), secrets: [""] })).toBe(false);
  });
});
