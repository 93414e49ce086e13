/**
 * The structured facts a postmortem is written from. Gathered from the incident's row, its event
 * log, its mitigation transactions and its telemetry (`gather-postmortem-facts.ts`), rendered to
 * markdown (`render-postmortem-markdown.ts`) and stored beside it (`Postmortem.facts`), so that
 * memory and later tools read numbers, not prose. Plain zod, no server code: the browser imports
 * the type too.
 */
import { z } from "zod";

/** Bumped when the shape changes; stored facts of another version are not parsed as this one. */
export const POSTMORTEM_FACTS_VERSION = 1;

const iso = z.iso.datetime({ offset: true }).describe("ISO 8601 instant");
const durationMs = z.number().int().min(0).nullable().describe("Milliseconds, null when a bound is unknown");
const healthScore = z.number().min(0).max(100).nullable().describe("Health score H in [0, 100]; null when not measured");

/** Error budget of one service over the impact window. */
export const serviceErrorBudgetSchema = z
  .object({
    service: z.string().min(1).describe("Service measured"),
    sloErrorRatio: z.number().gt(0).lt(1).describe("Highest acceptable 5xx ratio of the service's SLO (1 - SLO target)"),
    totalRequests: z.number().min(0).nullable().describe("Requests served in the window (integral of the request rate); null without data"),
    badRequests: z.number().min(0).nullable().describe("Requests answered 5xx in the window; null without data"),
    budgetBurned: z
      .number()
      .min(0)
      .nullable()
      .describe("badRequests / (totalRequests x sloErrorRatio): multiples of the window's own error budget (the average burn rate); null without traffic"),
    shareOf30DayBudget: z
      .number()
      .min(0)
      .nullable()
      .describe("Estimated share of a 30-day error budget burned, assuming the window's request rate is typical"),
    note: z.string().nullable().describe("Why a number is missing, in words"),
  })
  .strict();
export type ServiceErrorBudget = z.infer<typeof serviceErrorBudgetSchema>;

/** Error budget burned, or an honest unknown. */
export const errorBudgetSchema = z.discriminatedUnion("status", [
  z
    .object({
      status: z.literal("measured"),
      source: z.string().min(1).describe("Metrics source kind (simulator | prometheus)"),
      windowStart: iso.describe("Start of the measured window (first alert, on the telemetry's clock)"),
      windowEnd: iso.describe("End of the measured window (last alert resolved, or the incident's resolution)"),
      stepSeconds: z.number().positive().describe("Resolution of the integration"),
      services: z.array(serviceErrorBudgetSchema).describe("Per affected service"),
    })
    .strict(),
  z.object({ status: z.literal("unknown"), reason: z.string().min(1).describe("Why it could not be measured") }).strict(),
]);
export type ErrorBudget = z.infer<typeof errorBudgetSchema>;

/** Milestones of the incident's timeline, in order. */
export const MILESTONE_KEYS = ["trigger", "detection", "diagnosis", "proposal", "approval", "mitigation", "resolution", "escalation"] as const;
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];

const timelineEntrySchema = z
  .object({
    at: iso,
    kind: z.string().min(1).describe("The event type it comes from, e.g. approval.granted"),
    text: z.string().min(1).describe("What happened, in one line"),
  })
  .strict();
export type PostmortemTimelineEntry = z.infer<typeof timelineEntrySchema>;

/** How an operator or the autopilot decided on a proposal. */
const approvalSchema = z
  .object({
    decision: z.enum(["approved", "rejected", "pending"]).describe("pending: no decision was recorded"),
    by: z.string().nullable().describe("Who decided (operator, or autopilot:<namespace>)"),
    auto: z.boolean().describe("Approved by the autopilot policy"),
    reason: z.string().nullable().describe("The rejection's reason"),
    at: iso.nullable(),
    waitMs: durationMs.describe("From the proposal to the decision"),
  })
  .strict();

/** One proposed mitigation transaction and what became of it. */
export const mitigationAttemptSchema = z
  .object({
    number: z.number().int().min(1).describe("1 for the first proposal"),
    transactionId: z.string().min(1),
    summary: z.string().describe("The mitigation agent's one-line summary"),
    proposedAt: iso,
    actions: z.array(z.object({ summary: z.string(), kubectl: z.string().nullable(), risk: z.string().nullable() }).strict()).describe("Actions in execution order"),
    approval: approvalSchema,
    outcome: z
      .enum(["committed", "rolled_back", "aborted", "undone", "in_flight", "not_run"])
      .describe("committed: TNR kept it; rolled_back: TNR undid it; undone: an operator undid it after commit; not_run: never executed (rejected or superseded)"),
    cause: z.string().nullable().describe("TNR verdict cause (health-held, health-regressed, ...)"),
    healthBefore: healthScore.describe("Target-scope H before execution"),
    healthAfter: healthScore.describe("Target-scope H after the stabilization window"),
    namespaceHealthBefore: healthScore,
    namespaceHealthAfter: healthScore,
    reasons: z.array(z.string()).describe("Why TNR decided as it did"),
    undo: z
      .object({ by: z.string().nullable(), reason: z.string().nullable(), outcome: z.string().nullable(), healthBefore: healthScore, healthAfter: healthScore })
      .strict()
      .nullable()
      .describe("An operator's undo of the committed transaction"),
  })
  .strict();
export type MitigationAttempt = z.infer<typeof mitigationAttemptSchema>;

/** Everything a postmortem states, with its numbers. */
export const postmortemFactsSchema = z
  .object({
    version: z.literal(POSTMORTEM_FACTS_VERSION),
    gatheredAt: iso,
    incident: z
      .object({
        id: z.string().min(1),
        title: z.string(),
        severity: z.string(),
        state: z.string(),
        cluster: z.string().nullable(),
        namespace: z.string().nullable(),
        service: z.string().nullable(),
        reasoner: z.string().nullable().describe("Which reasoner the agents used (rules, llm:<model>)"),
      })
      .strict(),
    summary: z.string().min(1).describe("Two or three sentences: what broke, why, how it was fixed"),
    impact: z
      .object({
        start: iso.describe("First alert (incident triggered)"),
        end: iso.nullable().describe("Resolution (or closure); null while open"),
        durationMs,
        servicesAffected: z.array(z.string()).describe("Alerting services and the failing call path"),
        alerts: z.array(z.object({ name: z.string(), service: z.string().nullable(), severity: z.string(), startsAt: iso, endsAt: iso.nullable() }).strict()),
        errorBudget: errorBudgetSchema,
      })
      .strict(),
    timeline: z
      .object({
        milestones: z.array(z.object({ key: z.enum(MILESTONE_KEYS), at: iso.nullable() }).strict()),
        mttdMs: durationMs.describe("Time to detect: trigger -> detection confirmed"),
        mttaMs: durationMs.describe("Time to acknowledge: trigger -> first approval (human or autopilot) or acknowledgement"),
        mttrMs: durationMs.describe("Time to resolve: trigger -> resolution"),
        entries: z.array(timelineEntrySchema).describe("Key events in order (agent reasoning and tool calls are summarized elsewhere)"),
      })
      .strict(),
    rootCause: z
      .object({
        summary: z.string().min(1),
        faultyObject: z.object({ kind: z.string(), namespace: z.string(), name: z.string() }).strict().nullable(),
        category: z.object({ systemLevel: z.string(), faultType: z.string() }).strict().nullable(),
        confidence: z.number().min(0).max(1).nullable(),
        evidence: z.array(z.string()),
        ruledOut: z.array(z.object({ hypothesis: z.string(), why: z.string() }).strict()),
        path: z.array(z.string()).describe("Failing call path, alerting service first"),
      })
      .strict()
      .nullable()
      .describe("The last diagnosis; null when none was made"),
    contributingFactors: z.array(z.string()),
    agents: z
      .object({
        reasoner: z.string().nullable(),
        toolCalls: z.record(z.string(), z.number().int().min(0)).describe("Tool calls per agent"),
        diagnoses: z.number().int().min(0).describe("Diagnoses made (more than one after a rollback or rejection)"),
        notes: z.array(z.string()).describe("What each agent concluded, in order"),
      })
      .strict(),
    attempts: z.array(mitigationAttemptSchema),
    operatorActions: z.array(timelineEntrySchema).describe("Escalations, resolutions, undo and reinvestigation requests by people"),
    wentWell: z.array(z.string()),
    wentBadly: z.array(z.string()),
    followUps: z.array(z.string()),
  })
  .strict();
export type PostmortemFacts = z.infer<typeof postmortemFactsSchema>;
