/**
 * A deterministic stand-in for a model, for the CI benchmark and the end-to-end tests of the
 * LLM reasoner: it reads the grounded facts in the prompt and answers the way a careful model
 * would, through the real protocol. It plans; as the diagnosis agent it calls two tools on the
 * analyzers' top hypothesis (the faulty object and its events), then answers that hypothesis
 * citing the analyzers' evidence and its own calls, and reflects; as the mitigation agent it
 * proposes the playbook's transaction. It adds no insight beyond the facts: figures measured
 * with it say the LLM path works end to end, not how good a real model is.
 */
import { messageText, type ChatRequest } from "./chat-protocol";
import { reply, type ScriptedReply } from "./scripted-reply";
import type { ScriptHandler } from "./start-scripted-openai-server";

const FACTS = /<grounded-facts>\n([\s\S]*?)\n<\/grounded-facts>/;
const CALL_ID = /<untrusted-data source="tool:([^"]+)" call_id="([^"]+)">\n(?!error:)/g;

type Json = Record<string, unknown>;

function factsOf(request: ChatRequest): Json | undefined {
  for (const message of request.messages) {
    if (message.role !== "user") continue;
    const match = FACTS.exec(messageText(message));
    if (!match?.[1]) continue;
    try {
      return JSON.parse(match[1].replace(/&lt;/g, "<")) as Json;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Successful tool calls of the conversation so far: [tool, callId]. */
function successfulCalls(request: ChatRequest): [string, string][] {
  const out: [string, string][] = [];
  for (const message of request.messages) {
    if (message.role !== "tool") continue;
    for (const match of messageText(message).matchAll(CALL_ID)) if (match[1] && match[2]) out.push([match[1], match[2]]);
  }
  return out;
}

const asRecord = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

function plan(agent: string, facts: Json | undefined): ScriptedReply {
  const hypothesis = asRecord(facts?.analyzerHypothesis);
  const object = asRecord(hypothesis.faultyObject);
  const steps =
    agent === "diagnosis"
      ? [
          { step: `Check the analyzers' top hypothesis: ${String(object.kind ?? "object")} ${String(object.name ?? "")}`, tool: object.kind === "Service" ? "get_service_endpoints" : object.kind === "Deployment" ? "get_deployment" : "list_events" },
          { step: "Read the recent events of the faulty object", tool: "list_events" },
          { step: "Decide the root cause and cite the evidence", tool: null },
        ]
      : agent === "mitigation"
        ? [{ step: "Review the playbook's proposal against the diagnosis", tool: null }, { step: "Propose the transaction", tool: null }]
        : [{ step: "Compare the alerts with the telemetry facts", tool: null }, { step: "Give the verdict", tool: null }];
  return reply.json({ goal: `${agent}: act on the grounded facts`, steps });
}

function detection(facts: Json | undefined): ScriptedReply {
  const verdict = asRecord(facts?.deterministicVerdict);
  const telemetry = Array.isArray(facts?.telemetry) ? (facts.telemetry as Json[]) : [];
  if (!verdict.verdict) return reply.text("no grounded facts to decide on");
  return reply.json({
    verdict: verdict.verdict,
    severity: verdict.severity,
    evidence: telemetry.map((t) => ({ summary: t.summary, source: t.source })),
    reason: `${String(verdict.reason)} (telemetry confirms the analyzers)`,
    abnormalServices: verdict.abnormalServices ?? [],
  });
}

function diagnosis(request: ChatRequest, facts: Json | undefined): ScriptedReply {
  const hypothesis = asRecord(facts?.analyzerHypothesis);
  const object = asRecord(hypothesis.faultyObject);
  if (!object.kind) return reply.text("no hypothesis in the grounded facts");
  const made = request.messages.filter((m) => m.role === "tool").length;
  const canCall = (request.tools?.length ?? 0) > 0;
  if (made === 0 && canCall) {
    const namespace = String(object.namespace);
    const inspect =
      object.kind === "Service" ? { name: "get_service_endpoints", arguments: { namespace, name: object.name } } : object.kind === "Deployment" ? { name: "get_deployment", arguments: { namespace, name: object.name } } : { name: "list_events", arguments: { namespace, limit: 20 } };
    return reply.toolCalls([inspect as { name: string; arguments: Json }, { name: "list_events", arguments: { namespace, involvedKind: object.kind, involvedName: object.name, limit: 20 } }], undefined, "Checking the analyzers' top hypothesis.");
  }
  const own = successfulCalls(request).map(([tool, callId]) => ({ summary: `${tool} on ${String(object.kind)} ${String(object.name)} is consistent with the hypothesis`, source: { callId } }));
  const evidence = [...(Array.isArray(hypothesis.evidence) ? hypothesis.evidence : []), ...own];
  return reply.json({ ...hypothesis, evidence });
}

function reflection(request: ChatRequest): ScriptedReply {
  const answered = [...request.messages].reverse().find((m) => m.role === "assistant" && messageText(m).includes('"faultyObject"'));
  let confidence = 0.5;
  let name = "the faulty object";
  try {
    const value = JSON.parse(answered ? messageText(answered) : "{}") as Json;
    confidence = typeof value.confidence === "number" ? value.confidence : confidence;
    const object = asRecord(value.faultyObject);
    if (object.name) name = `${String(object.kind)} ${String(object.name)}`;
  } catch {
    // Keep the defaults: the reflection still answers.
  }
  return reply.json({ supported: true, assessment: `The cited findings and tool calls show the fault in ${name}, upstream of the alerting services.`, falsifiers: [`${name} turns out unchanged since before the symptoms`, "the errors persist after fixing it"], confidence });
}

function mitigation(facts: Json | undefined): ScriptedReply {
  const proposal = facts?.playbookProposal;
  if (!proposal) return reply.text("no playbook proposal in the grounded facts");
  return reply.json({ proposal });
}

/** The scripted SRE model as a server handler. */
export function scriptedSreModel(): ScriptHandler {
  return (request) => {
    const format = request.response_format?.type === "json_schema" ? request.response_format.json_schema.name : "";
    const facts = factsOf(request);
    if (format.endsWith("_plan")) return plan(format.replace(/_plan$/, ""), facts);
    if (format === "detection_result") return detection(facts);
    if (format === "diagnosis") return diagnosis(request, facts);
    if (format === "diagnosis_reflection") return reflection(request);
    if (format === "mitigation_proposal") return mitigation(facts);
    return reply.error(400, `scripted SRE model: unknown response format "${format}"`);
  };
}
