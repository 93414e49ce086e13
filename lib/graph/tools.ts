import "server-only";
/** The knowledge-graph tools, as one group for the tool registry (`lib/tools/registry.ts`). */
import type { ToolDefinition } from "../tools/types";
import { queryGraphTool } from "./query-graph-tool";
import { topologyTool } from "./topology-tool";

/** topology and query_graph: read-only, built from the tool context's clients and metrics. */
export const GRAPH_TOOLS: readonly ToolDefinition[] = [topologyTool, queryGraphTool];
