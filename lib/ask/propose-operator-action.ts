import "server-only";
/**
 * An action an operator asked for ("scale checkout to 4") becomes a proposal exactly like an
 * agent's: a typed catalogue action (zod), planned with a server-side dry run that must pass,
 * stored as `agent.proposal` (the pipeline's payload plus `requestedBy`) together with the
 * lifecycle event `operator.action_proposed`, in one database transaction. It then waits for
 * approval and runs under TNR like any proposal; nothing here writes to the cluster.
 */
import { randomUUID } from "node:crypto";
import type { Prisma } from "../db/generated/sqlite/client";
import type { Db } from "../db/client";
import { writeTransaction } from "../db/transaction";
import { mitigationActionSchema, planAction, type MitigationAction } from "../cluster/actions/catalogue";
import type { ClusterClients } from "../cluster/client";
import type { ActionPlan } from "../cluster/actions/types";
import { applyLifecycleEventInTx } from "../incidents/apply-lifecycle-event";
import { STATE_INFO, toLifecycleState, TRANSITION_TABLE } from "../incidents/lifecycle";
import type { AskProposal } from "./ask-schemas";

export interface ProposeOperatorActionOptions {
  db: Db;
  incidentId: string;
  /** Untrusted candidate `{ type, params }` (from the rules parser or a model's tool call). */
  action: unknown;
  /** Why the operator wants it (the question as asked). */
  reason: string;
  /** Who asked. */
  by: string;
  clients: ClusterClients;
  now?: Date;
}

export type ProposeOperatorActionResult =
  | { ok: true; proposal: AskProposal; plan: ActionPlan; action: MitigationAction }
  | { ok: false; reason: string; action?: MitigationAction; plan?: ActionPlan };

/** Why the incident's state does not take an operator's proposal, in words for the operator; null when it does. */
export function actionRefusalForState(state: string): string | null {
  const known = toLifecycleState(state);
  if (!known) return `the incident is in an unknown state "${state}"`;
  if (TRANSITION_TABLE[known]["operator.action_proposed"]) return null;
  const info = STATE_INFO[known];
  if (info.terminal) return `the incident is ${known}: it is closed, so nothing more is proposed on it (a new alert opens a new incident)`;
  if (info.inFlightTransaction) return `a transaction is running on this incident (${known}); wait for it to finish, or abort it from its card`;
  if (info.owner === "agent") return `the agents are working on it (${known}); wait for their proposal or escalate, then ask again`;
  if (info.owner === "alerts") return `a fix is committed and the incident is waiting for its alerts to clear (${known})`;
  return `the incident is ${known}, which does not take an operator's proposal`;
}

function zodReason(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; ");
}

/** Validates, plans (dry run) and stores an operator's action request as a proposal awaiting approval. */
export async function proposeOperatorAction(options: ProposeOperatorActionOptions): Promise<ProposeOperatorActionResult> {
  const { db, incidentId } = options;
  const incident = await db.incident.findUnique({ where: { id: incidentId }, select: { state: true, namespace: true, service: true } });
  if (!incident) return { ok: false, reason: `incident "${incidentId}" not found` };

  const parsed = mitigationActionSchema.safeParse(options.action);
  if (!parsed.success) return { ok: false, reason: `not a catalogue action: ${zodReason(parsed.error)}` };
  const action = parsed.data;
  const namespace = incident.namespace;
  if (!namespace) return { ok: false, action, reason: "the incident has no namespace, so no action can be scoped to it" };
  // An incident's proposal changes only the incident's namespace (the write lock and TNR are per namespace).
  if (action.params.namespace !== namespace) return { ok: false, action, reason: `params.namespace: actions on this incident stay in its namespace "${namespace}", not "${action.params.namespace}"` };

  const stateProblem = actionRefusalForState(incident.state);
  if (stateProblem) return { ok: false, action, reason: stateProblem };

  const plan = await planAction({ clients: options.clients }, action);
  if (!plan.dryRun.ok || !plan.executable) {
    return { ok: false, action, plan, reason: `the dry run of "${plan.summary || action.type}" failed: ${plan.dryRun.ok ? "the plan is not executable" : plan.dryRun.message}` };
  }

  const transactionId = randomUUID();
  const summary = plan.summary;
  const payload = {
    transactionId,
    namespace,
    targetService: incident.service,
    summary,
    actions: [{ action, reason: options.reason, summary: plan.summary, kubectl: plan.kubectl, risk: plan.risk, blastRadius: plan.blastRadius, diff: plan.diff.text, dryRun: plan.dryRun }],
    reasons: [options.reason],
    runbookCitations: [],
    history: null,
    requestedBy: options.by,
  };
  const now = options.now ?? new Date();
  // A refused lifecycle event must not leave a proposal behind: throw to roll the transaction back.
  class Refused extends Error {}
  try {
    await writeTransaction(db, async (tx) => {
      await tx.incidentEvent.create({ data: { incidentId, type: "agent.proposal", payload: payload as unknown as Prisma.InputJsonValue } });
      const applied = await applyLifecycleEventInTx(tx, {
        incidentId,
        now,
        event: { type: "operator.action_proposed", payload: { transactionId, by: options.by, actionCount: 1, summary } },
      });
      if (!applied.ok) throw new Refused(applied.reason);
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, action, plan, reason: `the incident changed meanwhile: ${error.message}` };
    throw error;
  }
  return { ok: true, action, plan, proposal: { transactionId, summary, risk: plan.risk, kubectl: plan.kubectl } };
}
