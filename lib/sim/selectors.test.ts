import { describe, expect, it } from "vitest";
import { SimApiError } from "./errors";
import { compileFilter, formatLabelSelector, labelSelectorFromSpec, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from "./selectors";
import type { K8sObject } from "./types";

const labels = { app: "cart", tier: "web", env: "prod" };

describe("label selectors", () => {
  it.each([
    ["", true],
    ["app=cart", true],
    ["app==cart", true],
    ["app!=cart", false],
    ["app=cart,tier=db", false],
    ["env in (prod, staging)", true],
    ["env notin (prod)", false],
    ["canary", false],
    ["!canary", true],
    ["tier", true],
    ["missing!=x", true],
    ["missing notin (a,b)", true],
    ["missing in (a)", false],
  ])("%s matches %s", (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it("compares numerically with > and <", () => {
    expect(matchesLabels(parseLabelSelector("rev>2"), { rev: "10" })).toBe(true);
    expect(matchesLabels(parseLabelSelector("rev<2"), { rev: "10" })).toBe(false);
  });

  it("rejects bad syntax with 400", () => {
    expect(() => parseLabelSelector("app in cart")).toThrow(SimApiError);
    expect(() => parseLabelSelector("=x")).toThrow(/unable to parse requirement/);
  });

  it("converts a LabelSelector spec and formats it sorted", () => {
    const selector = labelSelectorFromSpec({ matchLabels: { b: "2", a: "1" }, matchExpressions: [{ key: "c", operator: "In", values: ["y", "x"] }] });
    expect(formatLabelSelector(selector)).toBe("a=1,b=2,c in (x,y)");
  });
});

describe("field selectors", () => {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default", uid: "u", resourceVersion: "1", creationTimestamp: "" }, spec: { nodeName: "n1" }, status: { phase: "Running" } } as K8sObject;

  it("matches =, == and != against nested fields", () => {
    expect(matchesFields(parseFieldSelector("spec.nodeName=n1,status.phase!=Pending"), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector("metadata.name==q"), pod)).toBe(false);
  });

  it("treats a missing field as empty (unscheduled pods)", () => {
    const unscheduled = { ...pod, spec: {} } as K8sObject;
    expect(matchesFields(parseFieldSelector("spec.nodeName="), unscheduled)).toBe(true);
  });

  it("refuses fields the resource cannot be selected by", () => {
    expect(() => compileFilter("deployments.apps", { fieldSelector: "spec.replicas=1" })).toThrow(/field label not supported: spec.replicas/);
    expect(() => compileFilter("events", { fieldSelector: "involvedObject.name=web,involvedObject.kind=Pod" })).not.toThrow();
  });
});
