import "server-only";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/sqlite/client";
import { writeTransaction } from "../db/transaction";
import { ApiError } from "../http/api-error";
import { isTerminalState, toLifecycleState } from "../incidents/lifecycle";
import type { SloConfig } from "../telemetry/slo";
import type { MetricsSource } from "../telemetry/types";
import { gatherPostmortemFacts } from "./gather-postmortem-facts";
import { POSTMORTEM_EVENT_TYPES } from "./postmortem-event-types";
import { POSTMORTEM_INCLUDE, postmortemDetail } from "./postmortem-row-to-view";
import type { DraftPostmortemResult } from "./postmortem-views";
import { renderPostmortemMarkdown } from "./render-postmortem-markdown";

export interface DraftPostmortemOptions {
  db: Db;
  incidentId: string;
  /** Telemetry for the error budget; without it the budget is reported as unknown. */
  metrics?: MetricsSource | null;
  slos?: SloConfig;
  now: Date;
  /**
   * Replace an existing draft with a fresh one (edits to it are discarded). Never replaces a
   * reviewed postmortem: that one is the record, and is changed by editing it.
   */
  redraft?: boolean;
  /** Who asked (recorded on the `postmortem.drafted` event); null/absent for the pipeline. */
  by?: string | null;
}

const isUniqueViolation = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/**
 * Drafts the postmortem of a closed incident (resolved, or closed as noise) from its facts, and
 * appends `postmortem.drafted` to the incident's event log in the same transaction.
 *
 * Idempotent: when the incident already has a postmortem it is returned as it is (`kept`), so the
 * pipeline can call this on every pass and a person's edits or review are never overwritten.
 * Only `redraft: true` replaces a draft (`redrafted`); a reviewed one is refused with 409.
 * Errors: 404 unknown incident; 409 the incident is still open, or a redraft of a reviewed
 * postmortem, or the draft changed while it was being rewritten.
 */
export async function draftPostmortem(options: DraftPostmortemOptions): Promise<DraftPostmortemResult> {
  const { db, incidentId, now } = options;
  const incident = await db.incident.findUnique({ where: { id: incidentId }, select: { state: true } });
  if (!incident) throw new ApiError("not_found", `incident "${incidentId}" not found`);
  const state = toLifecycleState(incident.state);
  if (!state || !isTerminalState(state)) {
    throw new ApiError("conflict", `incident "${incidentId}" is still ${incident.state}: its postmortem is drafted once it is resolved`);
  }
  const existing = await db.postmortem.findUnique({ where: { incidentId }, include: POSTMORTEM_INCLUDE });
  if (existing && !options.redraft) return { outcome: "kept", postmortem: postmortemDetail(existing) };
  if (existing?.status === "reviewed") throw reviewedConflict(existing.reviewedBy, existing.reviewedAt);

  // Telemetry queries can be slow: gather outside the write transaction.
  const facts = await gatherPostmortemFacts({ db, incidentId, now, metrics: options.metrics ?? null, ...(options.slos ? { slos: options.slos } : {}) });
  const markdown = renderPostmortemMarkdown(facts);
  const factsJson = facts as unknown as Prisma.InputJsonValue;
  const by = options.by ?? null;

  try {
    return await writeTransaction(db, async (tx) => {
      const current = await tx.postmortem.findUnique({ where: { incidentId }, include: POSTMORTEM_INCLUDE });
      if (!current) {
        const created = await tx.postmortem.create({ data: { incidentId, status: "draft", markdown, facts: factsJson, draftedAt: now }, include: POSTMORTEM_INCLUDE });
        await tx.incidentEvent.create({ data: { incidentId, type: POSTMORTEM_EVENT_TYPES.drafted, payload: { postmortemId: created.id, redraft: false, by }, createdAt: now } });
        return { outcome: "created" as const, postmortem: postmortemDetail(created) };
      }
      // Another caller drafted it meanwhile: theirs stands unless a redraft was asked for.
      if (!options.redraft) return { outcome: "kept" as const, postmortem: postmortemDetail(current) };
      if (current.status === "reviewed") throw reviewedConflict(current.reviewedBy, current.reviewedAt);
      if (existing && current.updatedAt.getTime() !== existing.updatedAt.getTime()) {
        throw new ApiError("conflict", `the postmortem of incident "${incidentId}" was changed by ${current.updatedBy ?? "someone"} while it was being redrafted; reload and try again`);
      }
      // updatedBy goes back to null: the markdown is the machine's draft again.
      const updated = await tx.postmortem.update({
        where: { id: current.id },
        data: { markdown, facts: factsJson, draftedAt: now, updatedBy: null },
        include: POSTMORTEM_INCLUDE,
      });
      await tx.incidentEvent.create({ data: { incidentId, type: POSTMORTEM_EVENT_TYPES.drafted, payload: { postmortemId: updated.id, redraft: true, by }, createdAt: now } });
      return { outcome: "redrafted" as const, postmortem: postmortemDetail(updated) };
    });
  } catch (error) {
    // PostgreSQL: two drafts raced past the read; the unique incidentId kept one. Return it.
    if (isUniqueViolation(error)) {
      const winner = await db.postmortem.findUniqueOrThrow({ where: { incidentId }, include: POSTMORTEM_INCLUDE });
      return { outcome: "kept", postmortem: postmortemDetail(winner) };
    }
    throw error;
  }
}

function reviewedConflict(reviewedBy: string | null, reviewedAt: Date | null): ApiError {
  return new ApiError(
    "conflict",
    `this postmortem was reviewed${reviewedBy ? ` by ${reviewedBy}` : ""}${reviewedAt ? ` at ${reviewedAt.toISOString()}` : ""}; it is not redrafted, edit it instead`,
  );
}
