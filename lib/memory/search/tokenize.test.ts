import { describe, expect, it } from "vitest";
import { stemToken, tokenize } from "./tokenize";

describe("tokenize", () => {
  it("keeps kebab-case service names whole and in parts", () => {
    expect(tokenize("product-catalog is slow")).toEqual(["product-catalog", "product", "catalog", "slow"]);
  });

  it("splits CamelCase alert names and keeps their lowercase concatenation", () => {
    expect(tokenize("HighErrorRatio")).toEqual(["higherrorratio", "high", "error", "ratio"]);
    expect(tokenize("HTTPServerDown")).toEqual(["httpserverdown", "http", "server", "down"]);
  });

  it("splits snake_case and dotted identifiers", () => {
    expect(tokenize("ORDER_CONFIRMATION")).toEqual(["order_confirmation", "order", "confirmation"]);
    expect(tokenize("kube_pod_status_ready")).toContain("ready");
  });

  it("drops stop words, and ids longer than 48 characters", () => {
    expect(tokenize("what is the root of this")).toEqual(["root"]);
    expect(tokenize(`span ${"a".repeat(60)}`)).toEqual(["span"]);
  });

  it("stems plurals and verb endings but leaves identifiers with digits alone", () => {
    expect(tokenize("pods restarts")).toEqual(["pod", "restart"]);
    for (const [a, b] of [["fired", "fire"], ["refused", "refuses"], ["nodes", "node"], ["timeouts", "timeout"]]) expect(tokenize(a!)).toEqual(tokenize(b!));
    expect(stemToken("policies")).toBe("policy");
    expect(stemToken("k8s")).toBe("k8s");
    expect(stemToken("status")).toBe("status");
  });

  it("tokenizes ports and addresses so a log line matches", () => {
    expect(tokenize("cart:9999: connect")).toEqual(["cart:9999", "cart", "9999", "connect"]);
  });
});
