import "server-only";
/** The agents' read-only tools: registry, runner, redaction and bounds. */
export { TOOL_REGISTRY, ALL_TOOLS, CLUSTER_TOOLS, ANALYSIS_TOOLS, TELEMETRY_TOOLS, buildToolRegistry, toolSpecs, type ToolSpec } from "./registry";
export { runTool, formatParamError, type ToolRunResult, type RunToolOptions, type ToolLookup } from "./run-tool";
export { defineTool, toolOk, toolError, type ToolContext, type ToolDefinition, type ToolResult } from "./types";
export { createRedactor, DEFAULT_TOOL_REDACTOR, REDACTED, isSecretName, type Redactor, type RedactorOptions, type RedactionPattern, type Redacted } from "./redact";
export { boundList, boundText, clipLine, DEFAULT_MAX_LIST_ITEMS, DEFAULT_MAX_OUTPUT_CHARS, type BoundedList, type BoundedText } from "./bound";
export { compileSafeRegex, MAX_PATTERN_LENGTH } from "./safe-regex";
