import "server-only";
/**
 * Step 5 of a transaction: run the actions in order, write-ahead. For each action: snapshot
 * (the undo record, from a fresh dry run) → store it and wait until it is durable → execute →
 * mark it executed. The first failure stops the loop; the caller undoes what ran.
 */
import { executeAction, snapshotAction, type MitigationAction } from "../cluster/actions/catalogue";
import type { ActionContext, ActionFailure } from "../cluster/actions/types";
import { didActionRun } from "./did-action-run";
import type { HeldWriteLock } from "./hold-write-lock";
import type { TnrEmit } from "./tnr-events";
import type { TnrStore } from "./tnr-store";

/** Options of `executeActions`. */
export interface ExecuteActionsOptions {
  ctx: ActionContext;
  store: TnrStore;
  emit: TnrEmit;
  held: HeldWriteLock;
  transactionId: string;
  actions: readonly MitigationAction[];
}

/** How far the loop got. */
export interface ExecuteActionsResult {
  /** Indexes marked executed, in order. */
  executed: number[];
  /** The action that failed and why; null when all ran. */
  failure: { index: number; message: string } | null;
}

/**
 * Failures after which the write may still have landed: the server did not answer (or answered
 * something we could not read). Every other reason is the server refusing the write.
 */
const AMBIGUOUS_FAILURES: ReadonlySet<ActionFailure["reason"]> = new Set(["ApiError"]);

const describeFailure = (index: number, action: MitigationAction, what: string, error: ActionFailure) => `action ${index + 1} (${action.type}) ${what}: ${error.reason}: ${error.message}`;

/** Runs `actions` write-ahead; never runs an action whose undo record is not stored. */
export async function executeActions(options: ExecuteActionsOptions): Promise<ExecuteActionsResult> {
  const { ctx, store, emit, held, transactionId, actions } = options;
  const executed: number[] = [];
  for (const [index, action] of actions.entries()) {
    await held.renew();
    const snapshot = await snapshotAction(ctx, action);
    if (!snapshot.ok) return { executed, failure: { index, message: describeFailure(index, action, "could not be snapshotted", snapshot.error) } };
    const undoRecord = snapshot.value;
    await store.saveUndoRecord(transactionId, index, undoRecord);

    let outcome: Awaited<ReturnType<typeof executeAction>>;
    try {
      outcome = await executeAction(ctx, action, undoRecord);
    } catch (error) {
      outcome = { ok: false, error: { reason: "ApiError", message: error instanceof Error ? error.message : String(error) } };
    }
    if (!outcome.ok) {
      const message = describeFailure(index, action, "failed", outcome.error);
      if (AMBIGUOUS_FAILURES.has(outcome.error.reason)) {
        // We cannot tell whether the write landed: ask the live object, so a change that did land is undone too.
        const landed = await didActionRun(ctx, undoRecord);
        if (landed.ran && landed.report) {
          await store.markActionExecuted(transactionId, index, landed.report);
          executed.push(index);
        }
      }
      return { executed, failure: { index, message } };
    }
    await store.markActionExecuted(transactionId, index, outcome.value);
    executed.push(index);
    await emit({ kind: "progress", type: "tnr.action.executed", payload: { transactionId, index, summary: `${action.type} ${outcome.value.operation} ${outcome.value.target.kind}/${outcome.value.target.name}` } });
  }
  return { executed, failure: null };
}
