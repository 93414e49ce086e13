import "server-only";
/**
 * The registry of read-only tools agents may call, by name. Tool families are listed in groups;
 * telemetry (metrics, topology), memory (runbooks, similar incidents) and research tools join
 * here as new groups: add a `*_TOOLS` array and spread it into `ALL_TOOLS`.
 */
import { z } from "zod";
import { configRefsTool } from "./cluster/config-refs";
import { describePodTool } from "./cluster/describe-pod";
import { getDeploymentTool } from "./cluster/get-deployment";
import { getServiceEndpointsTool } from "./cluster/get-service-endpoints";
import { listDeploymentsTool } from "./cluster/list-deployments";
import { listEventsTool } from "./cluster/list-events";
import { listPodsTool } from "./cluster/list-pods";
import { listServicesTool } from "./cluster/list-services";
import { networkPoliciesTool } from "./cluster/network-policies";
import { podLogsTool } from "./cluster/pod-logs";
import { resourceQuotasTool } from "./cluster/resource-quotas";
import { rolloutDiffTool } from "./cluster/rollout-diff";
import { rolloutHistoryTool } from "./cluster/rollout-history";
import { runAnalyzersTool } from "./cluster/run-analyzers";
import { edgeMetricsTool } from "./telemetry/edge-metrics";
import { serviceMetricsTool } from "./telemetry/service-metrics";
import type { ToolDefinition } from "./types";
import { GRAPH_TOOLS } from "../graph/tools";
import { MEMORY_TOOLS } from "../memory/tools";

/** Kubernetes read tools (lib/cluster/reads underneath). */
export const CLUSTER_TOOLS: readonly ToolDefinition[] = [
  listPodsTool,
  describePodTool,
  listDeploymentsTool,
  getDeploymentTool,
  rolloutHistoryTool,
  rolloutDiffTool,
  listServicesTool,
  getServiceEndpointsTool,
  listEventsTool,
  podLogsTool,
  resourceQuotasTool,
  networkPoliciesTool,
  configRefsTool,
];

/** Deterministic analysis tools (lib/reasoning/rules/analyzers). */
export const ANALYSIS_TOOLS: readonly ToolDefinition[] = [runAnalyzersTool];

/** Telemetry read tools (the `MetricsSource` in the tool context). */
export const TELEMETRY_TOOLS: readonly ToolDefinition[] = [serviceMetricsTool, edgeMetricsTool];

/** Every tool, in the order they are offered to a model. Extension point for later tool families. */
export const ALL_TOOLS: readonly ToolDefinition[] = [...CLUSTER_TOOLS, ...ANALYSIS_TOOLS, ...TELEMETRY_TOOLS, ...GRAPH_TOOLS, ...MEMORY_TOOLS];

/** Builds a name -> tool map; duplicate names are a programming error. */
export function buildToolRegistry(tools: readonly ToolDefinition[]): ReadonlyMap<string, ToolDefinition> {
  const registry = new Map<string, ToolDefinition>();
  for (const tool of tools) {
    if (registry.has(tool.name)) throw new Error(`duplicate tool name "${tool.name}"`);
    registry.set(tool.name, tool);
  }
  return registry;
}

/** All read-only tools by name. */
export const TOOL_REGISTRY: ReadonlyMap<string, ToolDefinition> = buildToolRegistry(ALL_TOOLS);

/** A tool as an OpenAI-compatible function declaration (name, description, JSON Schema parameters). */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Function declarations of the given tools, for the LLM reasoner's tool-calling request. */
export function toolSpecs(tools: Iterable<ToolDefinition> = TOOL_REGISTRY.values()): ToolSpec[] {
  return [...tools].map((t) => ({ name: t.name, description: t.description, parameters: z.toJSONSchema(t.parameters) as Record<string, unknown> }));
}
