/**
 * A small, fast incident for the LLM reasoner's tests: three fake read-only tools run through
 * the real `runTool` (so bad arguments are refused exactly as in production), a fixed rules
 * reasoner (the analyzer pass and the fallback) whose diagnosis cites a real finding, and
 * alerts whose text and logs can carry injected instructions or personal data.
 */
import { z } from "zod";
import type { AgentContext, AgentStep } from "../../../agents/agent-context";
import { createAgentContext } from "../../../agents/create-agent-context";
import type { DetectionOutput } from "../../../agents/detection-schema";
import type { DiagnosisOutput } from "../../../agents/diagnosis-schema";
import type { MitigationOutput } from "../../../agents/mitigation-schema";
import type { NormalizedAlert } from "../../../alerts/types";
import type { ClusterClients } from "../../../cluster/client";
import { MECHANISM_CATEGORY } from "../../rules/fault-mechanism";
import type { MetricsSource } from "../../../telemetry/types";
import { buildToolRegistry, toolSpecs } from "../../../tools/registry";
import { defineTool, toolOk } from "../../../tools/types";
import type { Reasoner } from "../../reasoner";

export const NAMESPACE = "shop";
export const FINDING_ID = "deployment-scaled-to-zero:shop/payment";

/** Log lines of the checkout pod (the default ones are ordinary). */
export interface FakeIncidentOptions {
  logLines?: string[];
  alertDescription?: string;
  tokensUsed?: number;
}

const namespace = z.string().min(1).describe("Namespace");

function fakeTools(logLines: string[]) {
  return [
    defineTool({
      name: "run_analyzers",
      description: "Runs the deterministic analyzers on a namespace",
      parameters: z.object({ namespace }).strict(),
      run: async () =>
        toolOk(`1 finding: ${FINDING_ID} Deployment payment has 0 replicas`, {
          data: { findings: [{ id: FINDING_ID, analyzer: "deployments", severity: "critical", object: { kind: "Deployment", namespace: NAMESPACE, name: "payment" }, service: "payment", title: "Deployment payment is scaled to zero", detail: "", evidence: ["replicas=0"] }], warnings: [] },
        }),
    }),
    defineTool({
      name: "pod_logs",
      description: "Reads a pod's log lines",
      parameters: z.object({ namespace, pod: z.string().min(1).describe("Pod name"), tailLines: z.number().int().min(1).max(500).optional().describe("Lines from the end") }).strict(),
      run: async (_ctx, params) => toolOk(logLines.map((l) => `${params.pod}: ${l}`).join("\n")),
    }),
    defineTool({
      name: "get_deployment",
      description: "Reads a Deployment",
      parameters: z.object({ namespace, name: z.string().min(1).describe("Deployment name") }).strict(),
      run: async (_ctx, params) => toolOk(`Deployment ${params.name}: 0/0 replicas available`),
    }),
  ];
}

export const FAKE_DETECTION: DetectionOutput = { verdict: "confirmed", severity: "critical", evidence: [{ summary: "checkout -> payment: 100% connection refused", source: { metric: "edge checkout->payment error_ratio over 2m" } }], reason: "checkout fails now", abnormalServices: ["checkout"] };

/** The rules diagnosis of the fake incident (cites the analyzer finding). */
export const FAKE_DIAGNOSIS: DiagnosisOutput = {
  faultyObject: { kind: "Deployment", namespace: NAMESPACE, name: "payment" },
  service: "payment",
  mechanism: "scaled-to-zero",
  rootCause: "Deployment payment was scaled to zero replicas, so its Service has no endpoints and callers are refused.",
  category: MECHANISM_CATEGORY["scaled-to-zero"],
  rollout: null,
  evidence: [{ summary: "Deployment payment is scaled to zero", source: { findingId: FINDING_ID } }],
  confidence: 0.9,
  ruledOut: [],
  otherCauses: [],
  path: ["checkout", "payment"],
};

export const FAKE_MITIGATION: MitigationOutput = { kind: "transaction", actions: [{ action: { type: "scale-deployment", params: { namespace: NAMESPACE, name: "payment", replicas: 2 } }, reason: "restore the replicas" }], summary: "scale-deployment payment", escalation: null };

/** The deterministic reasoner of the fake incident: fixed answers, one real tool call in the diagnosis. */
export function fakeRulesReasoner(): Reasoner {
  return {
    id: "rules",
    detect: async (ctx) => {
      ctx.emit({ agent: "detection", kind: "decision", text: "confirmed (critical)" });
      return FAKE_DETECTION;
    },
    diagnose: async (ctx) => {
      await ctx.callTool("run_analyzers", { namespace: NAMESPACE });
      ctx.emit({ agent: "diagnosis", kind: "decision", text: "root cause: payment scaled to zero" });
      return FAKE_DIAGNOSIS;
    },
    mitigate: async () => FAKE_MITIGATION,
  };
}

/** Alerts of the fake incident. */
export function fakeAlerts(description = "checkout cannot reach payment"): NormalizedAlert[] {
  const labels = { alertname: "HighErrorRatio", service: "checkout", namespace: NAMESPACE };
  return [
    {
      source: "alertmanager",
      externalId: null,
      fingerprint: "HighErrorRatio/checkout",
      status: "firing",
      severity: "critical",
      name: "HighErrorRatio",
      summary: "5xx ratio of checkout above 5%",
      description,
      cluster: "sim",
      namespace: NAMESPACE,
      service: "checkout",
      groupHint: null,
      labels,
      annotations: { runbook: "see the wiki" },
      startsAt: new Date("2025-01-01T12:00:00Z"),
      endsAt: null,
      generatorUrl: null,
      raw: labels,
    },
  ];
}

/** An agent context over the fake tools, recording steps and calls. */
export function fakeIncident(options: FakeIncidentOptions = {}): { ctx: AgentContext; steps: AgentStep[]; calls: { name: string; params: Record<string, unknown>; ok: boolean }[]; tools: ReturnType<typeof toolSpecs>; alerts: NormalizedAlert[] } {
  const tools = fakeTools(options.logLines ?? ["connection refused: payment:8080"]);
  const steps: AgentStep[] = [];
  const calls: { name: string; params: Record<string, unknown>; ok: boolean }[] = [];
  const ctx = createAgentContext({
    toolContext: { clients: {} as ClusterClients, defaultNamespace: NAMESPACE, now: () => new Date("2025-01-01T12:05:00Z") },
    metrics: {} as MetricsSource,
    now: new Date("2025-01-01T12:05:00Z"),
    emit: (step) => steps.push(step),
    onToolCall: ({ name, params, result }) => calls.push({ name, params, ok: result.ok }),
    tools: buildToolRegistry(tools),
    ...(options.tokensUsed !== undefined ? { tokensUsed: options.tokensUsed } : {}),
  });
  return { ctx, steps, calls, tools: toolSpecs(tools), alerts: fakeAlerts(options.alertDescription) };
}
