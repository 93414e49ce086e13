/**
 * In-memory `TnrStore` for tests and the demo. Every value is deep-copied in and out, as a
 * database would (a caller mutating what it saved or loaded cannot change the log). Beside the
 * interface it keeps a `journal` of every write in order, so tests can assert the write-ahead
 * ordering, and `snapshot()` / `createMemoryTnrStore({ from })`, so a test can "crash" and
 * recover from exactly what had been written.
 */
import type { HealthCheckpoint, StoredActionStep, StoredTransaction, TnrPhase, TnrStore } from "./tnr-store";

/** One write, in the order it happened. */
export type TnrStoreWrite =
  | { op: "saveTransaction"; txId: string }
  | { op: "savePhase"; txId: string; phase: TnrPhase }
  | { op: "saveUndoRecord"; txId: string; index: number }
  | { op: "markActionExecuted"; txId: string; index: number }
  | { op: "markActionUndone"; txId: string; index: number }
  | { op: "saveHealth"; txId: string; checkpoint: HealthCheckpoint }
  | { op: "saveVerdict"; txId: string }
  | { op: "saveOperatorUndo"; txId: string };

/** The memory store, with its test affordances. */
export interface MemoryTnrStore extends TnrStore {
  /** Every write so far, oldest first. */
  readonly journal: readonly TnrStoreWrite[];
  /** A deep copy of every stored transaction, to start another store from (a simulated crash). */
  snapshot(): StoredTransaction[];
}

/** Options of `createMemoryTnrStore`. */
export interface MemoryTnrStoreOptions {
  /** Transactions to start with (e.g. another store's `snapshot()`). */
  from?: readonly StoredTransaction[];
}

const copy = <T>(value: T): T => structuredClone(value);

/** A fresh in-memory write-ahead log. */
export function createMemoryTnrStore(options: MemoryTnrStoreOptions = {}): MemoryTnrStore {
  const transactions = new Map<string, StoredTransaction>((options.from ?? []).map((tx) => [tx.id, copy(tx)]));
  const journal: TnrStoreWrite[] = [];

  const existing = (txId: string): StoredTransaction => {
    const tx = transactions.get(txId);
    if (!tx) throw new Error(`no stored transaction ${txId}`);
    return tx;
  };
  const step = (txId: string, index: number): StoredActionStep => {
    const found = existing(txId).steps[index];
    if (!found) throw new Error(`transaction ${txId} has no action ${index}`);
    return found;
  };

  return {
    journal,
    snapshot: () => [...transactions.values()].map(copy),
    async saveTransaction(tx) {
      if (transactions.has(tx.id)) throw new Error(`transaction ${tx.id} is already stored`);
      transactions.set(tx.id, {
        ...copy(tx),
        phase: "mitigating",
        steps: tx.actions.map((action, index) => ({ index, action: copy(action), undoRecord: null, execution: null, undo: null })),
        health: { before: null, after: null, "undo-before": null, "undo-after": null },
        verdict: null,
        operatorUndo: null,
      });
      journal.push({ op: "saveTransaction", txId: tx.id });
    },
    async savePhase(txId, phase) {
      existing(txId).phase = phase;
      journal.push({ op: "savePhase", txId, phase });
    },
    async saveUndoRecord(txId, index, record) {
      Object.assign(step(txId, index), { undoRecord: copy(record), execution: null, undo: null });
      journal.push({ op: "saveUndoRecord", txId, index });
    },
    async markActionExecuted(txId, index, result) {
      const target = step(txId, index);
      if (!target.undoRecord) throw new Error(`action ${index} of ${txId} has no undo record: it must not have run`);
      target.execution = copy(result);
      journal.push({ op: "markActionExecuted", txId, index });
    },
    async markActionUndone(txId, index, undo) {
      step(txId, index).undo = copy(undo);
      journal.push({ op: "markActionUndone", txId, index });
    },
    async saveHealth(txId, checkpoint, measurement) {
      existing(txId).health[checkpoint] = copy(measurement);
      journal.push({ op: "saveHealth", txId, checkpoint });
    },
    async saveVerdict(txId, verdict) {
      const tx = existing(txId);
      tx.verdict = copy(verdict);
      tx.phase = verdict.outcome;
      journal.push({ op: "saveVerdict", txId });
    },
    async saveOperatorUndo(txId, outcome) {
      const tx = existing(txId);
      tx.operatorUndo = copy(outcome);
      tx.phase = outcome.outcome === "reapplied" ? "committed" : "undone";
      journal.push({ op: "saveOperatorUndo", txId });
    },
    async loadTransaction(txId) {
      const tx = transactions.get(txId);
      return tx ? copy(tx) : null;
    },
  };
}
