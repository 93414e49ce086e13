/**
 * A `TnrStore` that calls a hook around each write, for tests: to "crash" at an exact point of
 * the write-ahead sequence (throw, then start a new store from the inner store's snapshot), or to
 * let another actor change the cluster between two steps.
 */
import type { TnrStoreWrite } from "../memory-tnr-store";
import type { TnrStore } from "../tnr-store";

/** Hooks; a hook that throws stops the write (before) or reports it failed after it is stored (after). */
export interface StoreHooks {
  before?(write: TnrStoreWrite): void | Promise<void>;
  after?(write: TnrStoreWrite): void | Promise<void>;
}

/** Thrown by tests to stand for the process dying at that point. */
export class SimulatedCrash extends Error {
  constructor(where: string) {
    super(`simulated crash ${where}`);
    this.name = "SimulatedCrash";
  }
}

/** `inner` with `hooks` around every write. */
export function hookedStore(inner: TnrStore, hooks: StoreHooks): TnrStore {
  const around = async (write: TnrStoreWrite, run: () => Promise<void>) => {
    await hooks.before?.(write);
    await run();
    await hooks.after?.(write);
  };
  return {
    saveTransaction: (tx) => around({ op: "saveTransaction", txId: tx.id }, () => inner.saveTransaction(tx)),
    savePhase: (txId, phase) => around({ op: "savePhase", txId, phase }, () => inner.savePhase(txId, phase)),
    saveUndoRecord: (txId, index, record) => around({ op: "saveUndoRecord", txId, index }, () => inner.saveUndoRecord(txId, index, record)),
    markActionExecuted: (txId, index, result) => around({ op: "markActionExecuted", txId, index }, () => inner.markActionExecuted(txId, index, result)),
    markActionUndone: (txId, index, undo) => around({ op: "markActionUndone", txId, index }, () => inner.markActionUndone(txId, index, undo)),
    saveHealth: (txId, checkpoint, measurement) => around({ op: "saveHealth", txId, checkpoint }, () => inner.saveHealth(txId, checkpoint, measurement)),
    saveVerdict: (txId, verdict) => around({ op: "saveVerdict", txId }, () => inner.saveVerdict(txId, verdict)),
    saveOperatorUndo: (txId, outcome) => around({ op: "saveOperatorUndo", txId }, () => inner.saveOperatorUndo(txId, outcome)),
    loadTransaction: (txId) => inner.loadTransaction(txId),
  };
}
