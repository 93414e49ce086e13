import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiException } from "@kubernetes/client-node";
import type { ClusterClients } from "../cluster/client";
import { buildToolRegistry, TOOL_REGISTRY, toolSpecs } from "./registry";
import { runTool } from "./run-tool";
import { defineTool, toolError, toolOk, type ToolContext } from "./types";

const ctx: ToolContext = { clients: {} as ClusterClients, defaultNamespace: "shop", now: () => new Date("2026-01-01T00:00:00Z") };

const echoTool = defineTool({
  name: "echo",
  description: "Echo text.",
  maxOutputChars: 300,
  parameters: z
    .object({
      text: z.string().min(1).describe("Text to echo"),
      times: z.number().int().min(1).max(100).optional().describe("Repeat count"),
      nested: z.object({ level: z.enum(["a", "b"]).describe("Level") }).strict().optional().describe("Nested option"),
    })
    .strict(),
  async run(_ctx, params) {
    const output = Array.from({ length: params.times ?? 1 }, () => params.text).join("\n");
    return toolOk(output, { data: { echoed: params.text } });
  },
});

const failingTool = defineTool({
  name: "failing",
  description: "Fails.",
  parameters: z.object({ how: z.enum(["error", "throw", "api"]).describe("How to fail") }).strict(),
  async run(_ctx, params) {
    if (params.how === "error") return toolError("pod \"x\" not found; DB_PASSWORD=oops");
    if (params.how === "api") throw new ApiException(403, "Forbidden", JSON.stringify({ kind: "Status", reason: "Forbidden", message: "pods is forbidden" }), {});
    throw new Error("boom");
  },
});

const tools = buildToolRegistry([echoTool, failingTool]);

describe("runTool", () => {
  it("runs a tool and reports duration, redactions and truncation", async () => {
    const r = await runTool(ctx, "echo", { text: "hello" }, { tools });
    expect(r).toMatchObject({ ok: true, tool: "echo", output: "hello", data: { echoed: "hello" }, truncated: false, redactions: 0 });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("names the field and the reason for invalid parameters", async () => {
    expect(await runTool(ctx, "echo", { text: 5 }, { tools })).toMatchObject({ ok: false, error: expect.stringMatching(/^text: .*string/i) });
    expect(await runTool(ctx, "echo", { text: "a", times: 0 }, { tools })).toMatchObject({ ok: false, error: expect.stringMatching(/^times: /) });
    expect(await runTool(ctx, "echo", { text: "a", nested: { level: "c" } }, { tools })).toMatchObject({ ok: false, error: expect.stringMatching(/^nested\.level: /) });
    expect(await runTool(ctx, "echo", {}, { tools })).toMatchObject({ ok: false, error: expect.stringMatching(/^text: /) });
  });

  it("refuses unknown parameters (strict schemas)", async () => {
    expect(await runTool(ctx, "echo", { text: "a", namespce: "x" }, { tools })).toMatchObject({ ok: false, error: "namespce: unknown parameter" });
  });

  it("refuses unknown tools and lists the known ones", async () => {
    const r = await runTool(ctx, "nope", {}, { tools });
    expect(r).toMatchObject({ ok: false, error: 'unknown tool "nope"; available: echo, failing' });
  });

  it("redacts output and data and counts the replacements", async () => {
    const r = await runTool(ctx, "echo", { text: "API_TOKEN=abc123" }, { tools });
    expect(r).toMatchObject({ ok: true, output: "API_TOKEN=[REDACTED]", data: { echoed: "API_TOKEN=[REDACTED]" }, redactions: 2 });
  });

  it("bounds the output to the tool's budget and says so", async () => {
    const r = await runTool(ctx, "echo", { text: "0123456789", times: 100 }, { tools });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.truncated).toBe(true);
    expect(r.output.length).toBeLessThanOrEqual(300);
    expect(r.output).toContain("more characters not shown");
  });

  it("turns tool errors, API errors and bugs into { ok: false } with redaction", async () => {
    expect(await runTool(ctx, "failing", { how: "error" }, { tools })).toMatchObject({ ok: false, error: 'pod "x" not found; DB_PASSWORD=[REDACTED]' });
    expect(await runTool(ctx, "failing", { how: "api" }, { tools })).toMatchObject({ ok: false, error: "Kubernetes API error 403 Forbidden: pods is forbidden" });
    expect(await runTool(ctx, "failing", { how: "throw" }, { tools })).toMatchObject({ ok: false, error: "tool failed: boom" });
  });

  it("rejects duplicate tool names", () => {
    expect(() => buildToolRegistry([echoTool, echoTool])).toThrow(/duplicate tool name "echo"/);
  });
});

describe("TOOL_REGISTRY", () => {
  it("has the cluster, analysis and telemetry tools", () => {
    expect([...TOOL_REGISTRY.keys()]).toEqual([
      "list_pods",
      "describe_pod",
      "list_deployments",
      "get_deployment",
      "rollout_history",
      "rollout_diff",
      "list_services",
      "get_service_endpoints",
      "list_events",
      "pod_logs",
      "resource_quotas",
      "network_policies",
      "config_refs",
      "run_analyzers",
      "service_metrics",
      "edge_metrics",
      "topology",
      "query_graph",
      "search_runbooks",
      "similar_incidents",
      "calculator",
      "web_search",
      "web_research",
    ]);
  });

  it("every tool has strict parameters with a description on every field", () => {
    for (const spec of toolSpecs()) {
      const schema = spec.parameters as { additionalProperties?: unknown; properties?: Record<string, { description?: string }> };
      expect(schema.additionalProperties, spec.name).toBe(false);
      for (const [field, property] of Object.entries(schema.properties ?? {})) expect(property.description, `${spec.name}.${field}`).toBeTruthy();
      expect(spec.description.length).toBeGreaterThan(20);
    }
  });

  it("rejects a bad namespace before any cluster call", async () => {
    const r = await runTool(ctx, "list_pods", { namespace: "Bad_NS" });
    expect(r).toMatchObject({ ok: false, error: "namespace: must be a Kubernetes namespace name" });
  });

  it("rejects unsafe grep patterns in pod_logs before any cluster call", async () => {
    const r = await runTool(ctx, "pod_logs", { pod: "cart-1", grep: "(a+)+" });
    expect(r).toMatchObject({ ok: false, error: "grep: nested quantifiers like (a+)+ are not allowed" });
  });
});
