/**
 * The shape of an agent tool: a name, a description the model reads, zod parameters (strict,
 * `.describe()` on every field) and a `run` that answers with bounded text for the model and
 * optional JSON for the UI. Failures the model can react to ("no pod named x") are
 * `{ ok: false, error }` results, never throws.
 */
import type { z } from "zod";
import type { ClusterClients } from "../cluster/client";
import type { MemoryToolDeps } from "../memory/memory-tool-deps";
import type { MetricsSource } from "../telemetry/types";
import type { Redactor } from "./redact";

/** What a tool may use. Later tool families add their sources here as optional fields (metrics, topology). */
export interface ToolContext {
  /** Kubernetes API clients (read-only use only). */
  clients: ClusterClients;
  /** Namespace a call uses when it names none (the incident's namespace). */
  defaultNamespace: string;
  /** The clock "age" and "since" are measured against (the simulator's in tests). */
  now: () => Date;
  /** Redaction applied by `runTool`; default secrets-only. */
  redactor?: Redactor;
  /** Telemetry for the metrics and topology tools (absent: they answer that no metrics source is configured). */
  metrics?: MetricsSource;
  /** Runbooks, incident memory and web research (absent: those tools answer that memory is not configured). */
  memory?: MemoryToolDeps;
}

/** A tool's answer. */
export type ToolResult =
  | {
      ok: true;
      /** Bounded text the model reads. */
      output: string;
      /** Structured JSON for the UI. */
      data?: unknown;
      /** True when a list or the text was cut (and the output says so). */
      truncated: boolean;
      /** How many replacements by [REDACTED] were made, in `output` and `data` together (a secret in both counts twice). */
      redactions: number;
    }
  | { ok: false; error: string };

/** A read-only tool. `P` is its zod parameter object. */
export interface ToolDefinition<P extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  parameters: P;
  /** Character budget of `output` (default DEFAULT_MAX_OUTPUT_CHARS). */
  maxOutputChars?: number;
  run(ctx: ToolContext, params: z.infer<P>): Promise<ToolResult>;
}

/** Identity with inference, so a tool's `run` gets typed params from its schema. */
export function defineTool<P extends z.ZodObject>(tool: ToolDefinition<P>): ToolDefinition<P> {
  return tool;
}

/** A successful result; `runTool` fills in redactions and the final truncation. */
export function toolOk(output: string, options: { data?: unknown; truncated?: boolean } = {}): ToolResult {
  return { ok: true, output, ...(options.data !== undefined ? { data: options.data } : {}), truncated: options.truncated ?? false, redactions: 0 };
}

/** A failure the model can react to. */
export function toolError(error: string): ToolResult {
  return { ok: false, error };
}
