/**
 * The diagnosis agent (rules reasoner). It gathers the namespace's analyzer findings, Services
 * and Deployments through tool calls, walks the call graph from the alerting services to the
 * deepest unhealthy dependency, reads the logs of clients whose calls fail, then ranks candidate
 * root causes by how likely their mechanism is a cause (not a symptom) and how close they sit to
 * where the walk ended. A second cause is reported when part of the failure is left unexplained.
 */
import { dominantOutcome, walkCallGraph, type CallGraphWalk } from "../reasoning/rules/call-graph-walk";
import { MECHANISM_CATEGORY, MECHANISM_WEIGHT } from "../reasoning/rules/fault-mechanism";
import { rootCauseCandidates, type CandidateFacts, type RootCauseCandidate } from "../reasoning/rules/root-cause-candidates";
import { configRefsDataSchema, listDeploymentsDataSchema, listPodsDataSchema, listServicesDataSchema, podLogsDataSchema, rolloutDiffDataSchema, runAnalyzersDataSchema, toolData, type FindingData } from "../reasoning/rules/tool-data";
import { budgetedToolCaller, type AgentContext } from "./agent-context";
import type { Evidence } from "./agent-schemas";
import { diagnosisInputSchema, diagnosisOutputSchema, type DiagnosisInput, type DiagnosisOutput, type RolloutEvidence, type RootCause } from "./diagnosis-schema";

/** Tool calls one diagnosis may make. */
export const MAX_DIAGNOSIS_TOOL_CALLS = 24;
/** Client logs read at most when looking for authentication failures. */
export const MAX_CLIENT_LOG_READS = 3;
/** Candidates shown as ruled out at most. */
export const MAX_RULED_OUT = 8;
/** Bonus for a Deployment candidate rolled out shortly before the symptoms. */
export const RECENT_ROLLOUT_BONUS = 0.05;
/** A second cause must explain an unexplained terminal at least this well. */
export const SECOND_CAUSE_MIN_SCORE = 0.5;
/**
 * A cause "explains" a terminal when it acts on it or on one of its dependencies; acting only on
 * a caller of it is not enough (a broken client does not explain its callee's other failures).
 */
const EXPLAINS_TERMINAL = 0.8;
/** Relevance of a candidate that touches no service on the failing path (a bystander). */
const BYSTANDER_RELEVANCE = 0.1;

/** Log lines of a client that mean the server refused its credentials. */
const AUTH_FAILURE_GREP = "not authorized|authentication failed|unauthorized|access denied|permission denied";

interface Scored {
  candidate: RootCauseCandidate;
  score: number;
  relevance: number;
  terminal: string | undefined;
}

/** How close a candidate is to where the walk ended, for one terminal (1 = at it). */
function relevanceTo(candidate: RootCauseCandidate, terminal: string, walk: CallGraphWalk): number {
  const touches = (s: string) => candidate.services.includes(s);
  if (touches(terminal)) return 1;
  const dependencies = (walk.edges.get(terminal) ?? []).map((e) => e.to);
  if (dependencies.some(touches)) return 0.8;
  const callers = [...walk.failingEdges, ...walk.slowEdges].filter((e) => e.to === terminal).map((e) => e.from);
  if (callers.some(touches)) return 0.7;
  return [...walk.depth.keys()].some(touches) ? 0.5 : BYSTANDER_RELEVANCE;
}

function score(candidate: RootCauseCandidate, walk: CallGraphWalk, rolledOut: ReadonlySet<string>): Scored {
  let best: { relevance: number; terminal: string | undefined } = { relevance: BYSTANDER_RELEVANCE, terminal: undefined };
  for (const terminal of walk.terminals) {
    const relevance = relevanceTo(candidate, terminal, walk);
    if (relevance > best.relevance) best = { relevance, terminal };
  }
  const bonus = candidate.object.kind === "Deployment" && rolledOut.has(candidate.object.name) ? RECENT_ROLLOUT_BONUS : 0;
  return { candidate, score: MECHANISM_WEIGHT[candidate.mechanism] * best.relevance + bonus, ...best };
}

/** The failing path from an alerting service to `service`, by following failing/slow edges backwards. */
function pathTo(service: string, walk: CallGraphWalk): string[] {
  const path = [service];
  const edges = [...walk.failingEdges, ...walk.slowEdges];
  let current = service;
  for (let hops = 0; hops < walk.depth.size && (walk.depth.get(current) ?? 0) > 0; hops++) {
    const depth = walk.depth.get(current) ?? 0;
    const back = edges.find((e) => e.to === current && (walk.depth.get(e.from) ?? 0) === depth - 1);
    if (!back) break;
    path.unshift(back.from);
    current = back.from;
  }
  return path;
}

function edgeEvidence(walk: CallGraphWalk, path: string[]): Evidence[] {
  const out: Evidence[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const edge = [...walk.failingEdges, ...walk.slowEdges].find((e) => e.from === path[i] && e.to === path[i + 1]);
    if (!edge) continue;
    const outcome = dominantOutcome(edge);
    const text = edge.errorRatio !== null && edge.errorRatio > 0 ? `${(edge.errorRatio * 100).toFixed(0)}% of calls fail${outcome ? `, mostly ${outcome.replace("_", " ")} (${(edge.outcomes[outcome] ?? 0).toFixed(2)}/s)` : ""}` : "caller and callee are both slower than their baseline";
    out.push({ summary: `${edge.from} -> ${edge.to}: ${text}`, source: { metric: `edge ${edge.from}->${edge.to} error_ratio and outcome rates over 2m` } });
  }
  return out;
}

/** Names the root cause of an incident, with cited evidence and the hypotheses it rejected. */
export async function runDiagnosisAgent(ctx: AgentContext, rawInput: DiagnosisInput): Promise<DiagnosisOutput> {
  const input = diagnosisInputSchema.parse(rawInput);
  const namespace = input.namespace;
  const callTool = budgetedToolCaller(ctx, "diagnosis", MAX_DIAGNOSIS_TOOL_CALLS);
  const emit = (kind: "observation" | "hypothesis" | "decision", text: string, cites?: string[]) => ctx.emit({ agent: "diagnosis", kind, text, ...(cites ? { cites } : {}) });

  const alerting = [...new Set(input.alerts.filter((a) => a.status === "firing").map((a) => a.service).filter((s): s is string => !!s))];
  const firstAlertMs = Math.min(...input.alerts.map((a) => a.startsAt.getTime()));

  // 1. What Kubernetes says: findings, Services, Deployments.
  const analyzersCall = await callTool("run_analyzers", { namespace });
  const findings: FindingData[] = toolData(analyzersCall, runAnalyzersDataSchema)?.findings ?? [];
  const servicesCall = await callTool("list_services", { namespace, limit: 200 });
  const services = toolData(servicesCall, listServicesDataSchema)?.services ?? [];
  const deploymentsCall = await callTool("list_deployments", { namespace, limit: 200 });
  const deployments = toolData(deploymentsCall, listDeploymentsDataSchema)?.deployments ?? [];
  emit("observation", `${findings.length} analyzer finding(s): ${findings.slice(0, 6).map((f) => f.id).join(", ")}${findings.length > 6 ? ", ..." : ""}`, [analyzersCall.callId]);

  // 2. Where it hurts -> where it is: walk the call graph along failing edges.
  const walk = await walkCallGraph({ metrics: ctx.metrics, namespace, now: ctx.now, incidentStart: new Date(firstAlertMs), from: alerting.length ? alerting : deployments.filter((d) => d.available < d.desired).map((d) => d.name) });
  emit("observation", `call-graph walk from ${alerting.join(", ")}: failing edges ${walk.failingEdges.map((e) => `${e.from}->${e.to}(${dominantOutcome(e) ?? "errors"})`).join(", ") || "none"}; slow edges ${walk.slowEdges.map((e) => `${e.from}->${e.to}`).join(", ") || "none"}; deepest unhealthy: ${walk.terminals.join(", ")} (${walk.queries} metric queries)`);

  // 3. Client-side facts on the deepest failing edges: DNS failures, refused credentials.
  const unresolvedCallees = walk.failingEdges.filter((e) => (e.outcomes.dns_error ?? 0) > 0).map((e) => ({ from: e.from, to: e.to, rate: e.outcomes.dns_error ?? 0, callId: servicesCall.callId }));
  const authFailures: CandidateFacts["authFailures"][number][] = [];
  const clientSecrets = new Map<string, { secret: string; key?: string; callId: string }[]>();
  const databaseFaultTargets = new Set(findings.filter((f) => f.object.kind === "DatabaseFault").map((f) => f.service ?? ""));
  const serverErrorEdges = walk.failingEdges.filter((e) => dominantOutcome(e) === "server_error" && walk.terminals.includes(e.to)).slice(0, MAX_CLIENT_LOG_READS);
  for (const edge of serverErrorEdges) {
    const pods = toolData(await callTool("list_pods", { namespace, labelSelector: `app=${edge.from}`, limit: 5 }), listPodsDataSchema)?.pods ?? [];
    const pod = pods.find((p) => p.isReady) ?? pods[0];
    if (!pod) continue;
    const logsCall = await callTool("pod_logs", { namespace, pod: pod.name, grep: AUTH_FAILURE_GREP, tailLines: 300, maxLines: 3 });
    const line = toolData(logsCall, podLogsDataSchema)?.lines.find((l) => l.includes(edge.to)) ?? toolData(logsCall, podLogsDataSchema)?.lines[0];
    if (!line) continue;
    authFailures.push({ client: edge.from, callee: edge.to, line, callId: logsCall.callId });
    emit("observation", `${edge.from}'s calls to ${edge.to} are refused for its credentials: ${line.slice(0, 200)}`, [logsCall.callId]);
    if (!databaseFaultTargets.has(edge.to) && deployments.some((d) => d.name === edge.from)) {
      const refsCall = await callTool("config_refs", { namespace, kind: "Deployment", name: edge.from });
      const refs = toolData(refsCall, configRefsDataSchema)?.refs ?? [];
      clientSecrets.set(edge.from, refs.filter((r) => r.kind === "Secret").map((r) => ({ secret: r.name, ...(r.key !== undefined ? { key: r.key } : {}), callId: refsCall.callId })));
    }
  }

  // 4. Rank the hypotheses.
  const candidates = rootCauseCandidates({ namespace, findings, deployments, serviceNames: new Set(services.map((s) => s.name)), unresolvedCallees, authFailures, clientSecrets });
  const rollouts = findings.filter((f) => f.analyzer === "recent-rollout");
  const rolledOut = new Set(rollouts.map((f) => f.object.name));
  const ranked = candidates.map((c) => score(c, walk, rolledOut)).sort((a, b) => b.score - a.score || a.candidate.object.name.localeCompare(b.candidate.object.name));
  for (const r of ranked.slice(0, 5)) emit("hypothesis", `${r.candidate.mechanism} in ${r.candidate.object.kind} ${r.candidate.object.name}: score ${r.score.toFixed(2)}${r.terminal ? ` (explains ${r.terminal})` : " (off the failing path)"}`, r.candidate.findingIds);

  const primary = ranked[0];
  const others: Scored[] = [];
  if (primary) {
    // A terminal the primary cause does not reach is a failure of its own: look for its cause.
    for (const terminal of walk.terminals) {
      if (relevanceTo(primary.candidate, terminal, walk) >= EXPLAINS_TERMINAL || others.some((o) => relevanceTo(o.candidate, terminal, walk) >= EXPLAINS_TERMINAL)) continue;
      const best = ranked
        .filter((r) => r !== primary && !others.includes(r))
        .map((r) => ({ r, s: MECHANISM_WEIGHT[r.candidate.mechanism] * relevanceTo(r.candidate, terminal, walk) }))
        .sort((a, b) => b.s - a.s)[0];
      if (best && best.s >= SECOND_CAUSE_MIN_SCORE && relevanceTo(best.r.candidate, terminal, walk) >= EXPLAINS_TERMINAL) others.push(best.r);
    }
  }

  const rolloutOf = async (candidate: RootCauseCandidate): Promise<RolloutEvidence | null> => {
    const deployment = candidate.object.kind === "Deployment" ? candidate.object.name : candidate.services.find((s) => rolledOut.has(s));
    const finding = rollouts.find((f) => f.object.name === deployment);
    if (!deployment || !finding) return null;
    const diffCall = await callTool("rollout_diff", { namespace, name: deployment });
    const diff = toolData(diffCall, rolloutDiffDataSchema);
    if (!diff) return null;
    const createdAt = /created (\S+)/.exec(finding.evidence[0] ?? "")?.[1];
    const createdMs = createdAt ? Date.parse(createdAt) : NaN;
    return {
      deployment,
      fromRevision: diff.from,
      toRevision: diff.to,
      startedBeforeSymptoms: Number.isFinite(createdMs) && createdMs <= firstAlertMs,
      changes: diff.changes.map((c) => ({ field: c.field, before: c.before ?? null, after: c.after ?? null })),
      callId: diffCall.callId,
    };
  };

  const toRootCause = async (scored: Scored): Promise<RootCause> => {
    const c = scored.candidate;
    const rollout = await rolloutOf(c);
    const path = pathTo(scored.terminal ?? c.service, walk);
    const evidence: Evidence[] = [...c.evidence, ...edgeEvidence(walk, path)];
    if (rollout) {
      const changed = rollout.changes.map((ch) => `${ch.field}: ${ch.before ?? "<unset>"} -> ${ch.after ?? "<unset>"}`).join("; ") || "no pod-template field (a restart)";
      evidence.push({ summary: `Deployment ${rollout.deployment} rolled out revision ${rollout.fromRevision} -> ${rollout.toRevision} ${rollout.startedBeforeSymptoms ? "before" : "after"} the first alert; changed: ${changed}`, source: { callId: rollout.callId } });
    }
    return { faultyObject: c.object, service: c.service, mechanism: c.mechanism, rootCause: c.rootCause, category: MECHANISM_CATEGORY[c.mechanism], rollout, evidence };
  };

  if (!primary) {
    const where = walk.terminals[0] ?? alerting[0] ?? "unknown";
    emit("decision", `no candidate explains the failure; it ends at ${where}`);
    return diagnosisOutputSchema.parse({
      faultyObject: { kind: "Deployment", namespace, name: where },
      service: where,
      mechanism: "unknown",
      rootCause: `${where} is failing and no deterministic check explains why; a human must investigate.`,
      category: MECHANISM_CATEGORY.unknown,
      rollout: null,
      evidence: edgeEvidence(walk, pathTo(where, walk)),
      confidence: 0.2,
      ruledOut: [],
      otherCauses: [],
      path: pathTo(where, walk),
    });
  }

  const main = await toRootCause(primary);
  const otherCauses = await Promise.all(others.map(toRootCause));
  const runnerUp = ranked.find((r) => r !== primary && !others.includes(r));
  // Confidence: the primary's own score, lowered when a rival scores almost as high.
  const gap = runnerUp ? primary.score - runnerUp.score : 1;
  const confidence = Math.round(Math.max(0.05, Math.min(0.95, primary.score * (gap >= 0.2 ? 1 : 0.8 + gap))) * 100) / 100;
  const explainedBy = (r: Scored) => (r.terminal && primary.terminal === r.terminal ? `${primary.candidate.object.kind} ${primary.candidate.object.name} explains the failure at ${r.terminal} better (${primary.candidate.mechanism})` : r.relevance <= BYSTANDER_RELEVANCE ? "not on the failing call path of the alerting services" : `less likely a cause than a consequence (score ${r.score.toFixed(2)} vs ${primary.score.toFixed(2)})`);
  const ruledOut = [
    ...ranked.filter((r) => r !== primary && !others.includes(r)).map((r) => ({ hypothesis: `${r.candidate.mechanism}: ${r.candidate.rootCause}`, why: explainedBy(r) })),
    ...alerting.filter((s) => !walk.terminals.includes(s)).map((s) => ({ hypothesis: `${s} itself is broken`, why: `its failures come from its dependencies (failing edges ${walk.failingEdges.filter((e) => e.from === s).map((e) => `${s}->${e.to}`).join(", ") || "slow callees"})` })),
  ].slice(0, MAX_RULED_OUT);
  emit("decision", `root cause: ${main.rootCause} (confidence ${confidence})${otherCauses.length ? `; also: ${otherCauses.map((o) => `${o.faultyObject.kind} ${o.faultyObject.name}`).join(", ")}` : ""}`, main.evidence.map((e) => ("callId" in e.source ? e.source.callId : "findingId" in e.source ? e.source.findingId : "")).filter(Boolean));
  return diagnosisOutputSchema.parse({ ...main, confidence, ruledOut, otherCauses, path: pathTo(primary.terminal ?? main.service, walk) });
}
