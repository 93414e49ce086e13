import "server-only";
/**
 * Runs one tool call from a model: validates the raw arguments against the tool's zod schema,
 * runs it, redacts and bounds the answer, and measures how long it took. Never throws: an
 * unknown tool, bad arguments, an API failure or a bug all come back as `{ ok: false, error }`.
 */
import type { z } from "zod";
import { apiErrorStatus } from "../cluster/api-errors";
import { boundText, DEFAULT_MAX_OUTPUT_CHARS } from "./bound";
import { DEFAULT_TOOL_REDACTOR } from "./redact";
import { TOOL_REGISTRY } from "./registry";
import type { ToolContext, ToolDefinition, ToolResult } from "./types";

/** A tool's result with the call's bookkeeping. */
export type ToolRunResult = ToolResult & { tool: string; durationMs: number };

/** The registry shape `runTool` looks tools up in. */
export type ToolLookup = ReadonlyMap<string, ToolDefinition>;

/** `field: reason` for the first zod issue (the model fixes one thing at a time). */
export function formatParamError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid parameters";
  if (issue.code === "unrecognized_keys") return `${issue.keys.join(", ")}: unknown parameter${issue.keys.length > 1 ? "s" : ""}`;
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "parameters";
  return `${field}: ${issue.message}`;
}

function describeThrown(error: unknown): string {
  const status = apiErrorStatus(error);
  if (status) return `Kubernetes API error ${status.code}${status.reason ? ` ${status.reason}` : ""}${status.message ? `: ${status.message}` : ""}`;
  return `tool failed: ${error instanceof Error ? error.message : String(error)}`;
}

export interface RunToolOptions {
  /** Where to look the tool up (default: TOOL_REGISTRY); tests and restricted agents pass their own. */
  tools?: ToolLookup;
}

/** Validates, runs, redacts, bounds and times one tool call. */
export async function runTool(ctx: ToolContext, name: string, rawParams: unknown, options: RunToolOptions = {}): Promise<ToolRunResult> {
  const started = performance.now();
  const finish = (result: ToolResult): ToolRunResult => ({ ...result, tool: name, durationMs: Math.round((performance.now() - started) * 100) / 100 });
  const redactor = ctx.redactor ?? DEFAULT_TOOL_REDACTOR;

  const tools = options.tools ?? TOOL_REGISTRY;
  const tool = tools.get(name);
  if (!tool) return finish({ ok: false, error: `unknown tool "${name}"; available: ${[...tools.keys()].join(", ")}` });

  const parsed = tool.parameters.safeParse(rawParams ?? {});
  if (!parsed.success) return finish({ ok: false, error: formatParamError(parsed.error) });

  let result: ToolResult;
  try {
    result = await tool.run(ctx, parsed.data);
  } catch (error) {
    result = { ok: false, error: describeThrown(error) };
  }

  if (!result.ok) return finish({ ok: false, error: redactor.redactText(result.error).value });
  // Redact before bounding, so a cut can never leave half a secret unrecognised.
  const text = redactor.redactText(result.output);
  const data = result.data === undefined ? undefined : redactor.redactValue(result.data);
  const bounded = boundText(text.value, tool.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS);
  return finish({
    ok: true,
    output: bounded.text,
    ...(data ? { data: data.value } : {}),
    truncated: result.truncated || bounded.truncated,
    redactions: result.redactions + text.redactions + (data?.redactions ?? 0),
  });
}
