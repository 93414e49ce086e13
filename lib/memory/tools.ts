import "server-only";
/**
 * The memory tools agents call: `search_runbooks`, `similar_incidents`, `calculator`,
 * `web_search` and `web_research`. They read their sources from `ToolContext.memory`; without it
 * (or without SEARXNG_URL for the web tools) they answer, as a model-readable error, what is not
 * configured. Register them by spreading `MEMORY_TOOLS` into the tool registry.
 */
import { z } from "zod";
import { clipLine } from "../tools/bound";
import { defineTool, toolError, toolOk, type ToolContext, type ToolDefinition } from "../tools/types";
import { CalculatorError } from "./calculator/calculator-error";
import { CALCULATOR_FUNCTIONS, evaluateExpression, formatCalculatorResult } from "./calculator/evaluate-expression";
import { findSimilarIncidents, similarIncidentQueryFor } from "./incidents/find-similar-incidents";
import type { SimilarIncidentQuery } from "./incidents/rank-similar-incidents";
import type { MemoryToolDeps } from "./memory-tool-deps";
import { deepResearch } from "./research/deep-research";
import { searchWeb, WEB_RESEARCH_NOT_CONFIGURED, WebSearchError } from "./research/search-web";
import { searchRunbooks } from "./search/search-runbooks";

/** Characters of one runbook passage shown to the model (the section's start holds its point). */
const MAX_PASSAGE_CHARS = 1_400;

const NOT_CONFIGURED = "memory is not configured for this agent (no database handed to the tools)";

function memoryOf(ctx: ToolContext): MemoryToolDeps | string {
  return ctx.memory ?? NOT_CONFIGURED;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max).replace(/\s+\S*$/, "")} …`);

export const searchRunbooksTool = defineTool({
  name: "search_runbooks",
  description:
    "Search the team's runbooks for the failure at hand: returns the best-matching sections with citations (runbook slug#anchor, section). " +
    "Query with the alert name, the service and the telling detail (log line, event reason, pod status). Pass the alert's runbook_url annotation to read it first. Cite passages as [slug#anchor].",
  parameters: z
    .object({
      query: z.string().min(2).max(1_000).describe("What to look for: alert name, service, error message, event reason, or the question"),
      limit: z.number().int().min(1).max(10).optional().describe("Passages to return (default 4)"),
      runbookUrl: z.url({ protocol: /^https?$/ }).optional().describe("The alert's runbook_url annotation, fetched and shown first when reachable"),
    })
    .strict(),
  async run(ctx, params) {
    const memory = memoryOf(ctx);
    if (typeof memory === "string") return toolError(memory);
    const result = await searchRunbooks({ db: memory.db, query: params.query, limit: params.limit ?? 4, embedder: memory.embedder, runbookUrl: params.runbookUrl, fetch: memory.fetch });
    if (result.passages.length === 0) {
      const why = result.indexedChunks === 0 ? "no runbooks are indexed (RUNBOOKS_DIR is empty or not synced)" : "no runbook section matches; try other words (the error message, the event reason)";
      return toolOk([`No runbook passage found: ${why}.`, ...result.notes.map((n) => `Note: ${n}`)].join("\n"), { data: result });
    }
    const lines = [`${result.passages.length} passage(s), ranked by ${result.retrieval}${result.indexedChunks ? ` over ${result.indexedChunks} runbook sections` : ""}:`];
    for (const p of result.passages) {
      if (p.kind === "runbook_url") lines.push("", `[${p.citation}] ${p.title} (the alert's runbook_url${p.truncated ? ", cut" : ""})`, clip(p.text, MAX_PASSAGE_CHARS));
      else lines.push("", `[${p.citation}] ${p.section} (score ${p.score}, ${p.method})`, clip(p.text, MAX_PASSAGE_CHARS));
    }
    for (const note of result.notes) lines.push("", `Note: ${note}`);
    return toolOk(lines.join("\n"), { data: result });
  },
});

export const similarIncidentsTool = defineTool({
  name: "similar_incidents",
  description:
    "Find resolved past incidents like this one (same service, alerts, root-cause mechanism, or description) and learn what fixed them and which fixes were rolled back. " +
    "With no parameters it uses the current incident; pass fields to search for something else.",
  parameters: z
    .object({
      service: z.string().min(1).max(253).optional().describe("Service to match (default: the current incident's)"),
      alertNames: z.array(z.string().min(1).max(200)).max(20).optional().describe("Alert names to match, e.g. HighErrorRatio"),
      mechanism: z.string().min(1).max(100).optional().describe("Root-cause mechanism from the diagnosis, e.g. service-target-port, oom-limit"),
      text: z.string().min(1).max(1_000).optional().describe("Free text to match: symptoms, error message, root cause"),
      limit: z.number().int().min(1).max(10).optional().describe("Incidents to return (default 5)"),
    })
    .strict(),
  async run(ctx, params) {
    const memory = memoryOf(ctx);
    if (typeof memory === "string") return toolError(memory);
    const given = params.service !== undefined || params.alertNames !== undefined || params.mechanism !== undefined || params.text !== undefined;
    let query: SimilarIncidentQuery;
    if (memory.incidentId) {
      const current = await similarIncidentQueryFor({ db: memory.db, incidentId: memory.incidentId });
      query = given ? { namespace: current.namespace, service: params.service ?? current.service, alertNames: params.alertNames ?? current.alertNames, mechanism: params.mechanism ?? current.mechanism, faultyObject: params.mechanism ? null : current.faultyObject, text: params.text ?? current.text } : current;
    } else if (given) {
      query = { namespace: ctx.defaultNamespace, service: params.service, alertNames: params.alertNames, mechanism: params.mechanism, text: params.text };
    } else {
      return toolError("give at least one of service, alertNames, mechanism or text (there is no current incident to compare with)");
    }
    const similar = await findSimilarIncidents({ db: memory.db, query, excludeIncidentId: memory.incidentId, limit: params.limit ?? 5 });
    if (similar.length === 0) return toolOk("No similar resolved incident is remembered.", { data: { similar: [] } });
    const lines = [`${similar.length} similar resolved incident(s), most similar first:`];
    for (const s of similar) {
      const m = s.memory;
      lines.push(
        "",
        `- incident ${m.incidentId} "${clipLine(m.title, 160)}" (resolved ${m.resolvedAt?.toISOString() ?? "?"}; similarity ${s.score}: ${s.reasons.join(", ")})`,
        `  alerts: ${m.alertNames.join(", ") || "none"}${m.rootCause ? `; root cause: ${clipLine(m.rootCause, 300)}` : ""}`,
        `  ${s.resolution}`,
      );
      if (m.postmortem) lines.push(`  postmortem (${m.postmortem.status}): ${clipLine(m.postmortem.markdown.replace(/\s+/g, " "), 300)}`);
    }
    const data = similar.map((s) => ({ incidentId: s.memory.incidentId, title: s.memory.title, resolvedAt: s.memory.resolvedAt?.toISOString() ?? null, score: s.score, reasons: s.reasons, resolution: s.resolution, rootCause: s.memory.rootCause, mechanism: s.memory.mechanism, fixes: s.memory.fixes, postmortemStatus: s.memory.postmortem?.status ?? null }));
    return toolOk(lines.join("\n"), { data: { similar: data } });
  },
});

const FUNCTION_LIST = Object.values(CALCULATOR_FUNCTIONS)
  .map((f) => f.signature.split(":")[0])
  .join(", ");

export const calculatorTool = defineTool({
  name: "calculator",
  description:
    "Exact arithmetic for SRE numbers (never compute in your head): + - * / ^, parentheses, unary minus, postfix % (99.9% = 0.999), named variables, and functions " +
    `${FUNCTION_LIST}. Examples: burn_rate(0.5%, 99.9%) -> 5; counter_rate(15, 100, 130, 10, 40) handles the counter reset.`,
  parameters: z
    .object({
      expression: z.string().min(1).max(2_000).describe("The expression, e.g. (errors / requests) / (1 - 99.9%)"),
      variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be letters, digits and _"), z.number().finite()).optional().describe("Named numbers the expression uses, e.g. {\"errors\": 42, \"requests\": 12000}"),
    })
    .strict(),
  async run(_ctx, params) {
    try {
      const value = evaluateExpression({ expression: params.expression, variables: params.variables });
      return toolOk(`${params.expression} = ${formatCalculatorResult(value)}`, { data: { value } });
    } catch (error) {
      if (error instanceof CalculatorError) return toolError(error.message);
      throw error;
    }
  },
});

export const webSearchTool = defineTool({
  name: "web_search",
  description: "Search the web (a SearxNG instance) for public knowledge: error messages, vendor documentation, known bugs. Returns titles, URLs and snippets. Off unless configured.",
  parameters: z
    .object({
      query: z.string().min(2).max(300).describe("Search query; quote exact error messages"),
      limit: z.number().int().min(1).max(10).optional().describe("Results to return (default 5)"),
    })
    .strict(),
  async run(ctx, params) {
    const web = ctx.memory?.webResearch;
    if (!web) return toolError(WEB_RESEARCH_NOT_CONFIGURED);
    try {
      const results = await searchWeb({ baseUrl: web.searxngUrl, query: params.query, limit: params.limit ?? 5, fetch: ctx.memory?.fetch });
      if (results.length === 0) return toolOk(`No web results for "${params.query}".`, { data: { results } });
      const lines = results.map((r, i) => `[${i + 1}] ${clipLine(r.title, 160)}\n    ${r.url}${r.snippet ? `\n    ${r.snippet}` : ""}`);
      return toolOk(`${results.length} web result(s) for "${params.query}":\n${lines.join("\n")}`, { data: { results } });
    } catch (error) {
      if (error instanceof WebSearchError) return toolError(`web search failed: ${error.message}`);
      throw error;
    }
  },
});

export const webResearchTool = defineTool({
  name: "web_research",
  description: "Research a question on the web: plans searches, reads the top pages and answers with numbered citations to them. Slower than web_search; use for questions a snippet cannot answer. Off unless configured.",
  parameters: z
    .object({
      question: z.string().min(5).max(1_000).describe("The question, with the exact error message or product and version"),
    })
    .strict(),
  maxOutputChars: 10_000,
  async run(ctx, params) {
    const web = ctx.memory?.webResearch;
    if (!web) return toolError(WEB_RESEARCH_NOT_CONFIGURED);
    if (!web.llm) return toolError("web_research needs a language model (set the OpenAI-compatible endpoint); web_search works without one");
    try {
      const result = await deepResearch({ question: params.question, searxngUrl: web.searxngUrl, llm: web.llm, fetch: ctx.memory?.fetch });
      const sources = result.sources.map((s) => `[${s.n}] ${s.title} — ${s.url}${s.snippetOnly ? " (snippet only)" : ""}`);
      const lines = [result.answer, "", "Sources:", ...sources, ...(result.notes.length ? ["", ...result.notes.map((n) => `Note: ${n}`)] : [])];
      return toolOk(lines.join("\n"), { data: result });
    } catch (error) {
      return toolError(`web research failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
});

/** Every memory tool, for the registry (`[...CLUSTER_TOOLS, ...MEMORY_TOOLS]`). */
export const MEMORY_TOOLS: readonly ToolDefinition[] = [searchRunbooksTool, similarIncidentsTool, calculatorTool, webSearchTool, webResearchTool];
