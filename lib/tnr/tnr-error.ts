/**
 * The one error the TNR engine throws. Outcomes of a transaction (a failed dry run, a failed
 * action, a regression) are results, not errors; `TnrError` is for "nothing was done because ...":
 * bad input, a busy namespace, a lost lease, or a transaction in the wrong state.
 */

/** Why the engine refused or stopped. */
export type TnrErrorCode =
  /** The transaction does not parse (unknown action, too many actions, bad params). */
  | "invalid-transaction"
  /** Another writer holds the namespace's write lock; retry later. */
  | "namespace-busy"
  /** The lease expired under us (another writer may hold it now); the WAL says where we stopped. */
  | "lease-lost"
  /** No stored transaction with that id. */
  | "not-found"
  /** The stored transaction is not in a state this operation accepts (e.g. undo of a rolled-back one). */
  | "invalid-state"
  /** Health could not be measured before an operator's undo, so nothing was changed (no baseline to judge it by). */
  | "health-unavailable";

/** A refusal with a code the caller can map (HTTP 409 for busy, 404 for not-found, ...). */
export class TnrError extends Error {
  readonly code: TnrErrorCode;

  constructor(code: TnrErrorCode, message: string) {
    super(message);
    this.name = "TnrError";
    this.code = code;
  }
}
