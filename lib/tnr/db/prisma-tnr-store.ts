import "server-only";
import type { Db } from "../../db/client";
import { Prisma } from "../../db/generated/sqlite/client";
import { writeTransaction } from "../../db/transaction";
import type { HealthCheckpoint, StoredActionStep, StoredTransaction, TnrPhase, TnrStore } from "../tnr-store";

export interface PrismaTnrStoreOptions {
  db: Db;
  /** The incident the transactions saved through this store belong to (shown on its page). */
  incidentId?: string;
}

const json = (value: unknown) => value as Prisma.InputJsonValue;
const EMPTY_HEALTH: Record<HealthCheckpoint, null> = { before: null, after: null, "undo-before": null, "undo-after": null };

/**
 * The database-backed write-ahead log of TNR transactions. Every method resolves only after its
 * write is committed, which is what lets the engine store an undo record *before* it executes the
 * action (see the ordering contract in `tnr-store.ts`); a worker taking over after a crash reads
 * exactly what had been committed.
 */
export function createPrismaTnrStore({ db, incidentId }: PrismaTnrStoreOptions): TnrStore {
  const stepWhere = (txId: string, index: number) => ({ transactionId_index: { transactionId: txId, index } });
  const requireUpdated = (count: number, what: string) => {
    if (count !== 1) throw new Error(`${what}: no such stored transaction or action`);
  };

  return {
    async saveTransaction(tx) {
      await writeTransaction(db, async (t) => {
        await t.mitigationTransaction.create({
          data: {
            id: tx.id,
            incidentId: incidentId ?? null,
            cluster: tx.cluster,
            namespace: tx.namespace,
            targetService: tx.target.service ?? null,
            actions: json(tx.actions),
            phase: "mitigating",
            health: json(EMPTY_HEALTH),
          },
        });
        await t.mitigationActionStep.createMany({
          data: tx.actions.map((action, index) => ({ transactionId: tx.id, index, action: json(action) })),
        });
      });
    },
    async savePhase(txId, phase) {
      const updated = await db.mitigationTransaction.updateMany({ where: { id: txId }, data: { phase } });
      requireUpdated(updated.count, `savePhase ${txId}`);
    },
    async saveUndoRecord(txId, index, record) {
      // A fresh record starts the step afresh (a re-apply records its new snapshot this way).
      const updated = await db.mitigationActionStep.updateMany({
        where: { transactionId: txId, index },
        data: { undoRecord: json(record), execution: Prisma.DbNull, undo: Prisma.DbNull },
      });
      requireUpdated(updated.count, `saveUndoRecord ${txId}#${index}`);
    },
    async markActionExecuted(txId, index, result) {
      const step = await db.mitigationActionStep.findUnique({ where: stepWhere(txId, index), select: { undoRecord: true } });
      if (!step) throw new Error(`markActionExecuted ${txId}#${index}: no such stored action`);
      if (step.undoRecord === null) throw new Error(`action ${index} of ${txId} has no undo record: it must not have run`);
      await db.mitigationActionStep.update({ where: stepWhere(txId, index), data: { execution: json(result) } });
    },
    async markActionUndone(txId, index, undo) {
      const updated = await db.mitigationActionStep.updateMany({ where: { transactionId: txId, index }, data: { undo: json(undo) } });
      requireUpdated(updated.count, `markActionUndone ${txId}#${index}`);
    },
    async saveHealth(txId, checkpoint, measurement) {
      // Read-modify-write of one JSON map: safe because one writer holds the namespace lock.
      await writeTransaction(db, async (t) => {
        const row = await t.mitigationTransaction.findUnique({ where: { id: txId }, select: { health: true } });
        if (!row) throw new Error(`saveHealth ${txId}: no such stored transaction`);
        const health = { ...(row.health as Record<string, unknown>), [checkpoint]: measurement };
        await t.mitigationTransaction.update({ where: { id: txId }, data: { health: json(health) } });
      });
    },
    async saveVerdict(txId, verdict) {
      const updated = await db.mitigationTransaction.updateMany({ where: { id: txId }, data: { verdict: json(verdict), phase: verdict.outcome } });
      requireUpdated(updated.count, `saveVerdict ${txId}`);
    },
    async saveOperatorUndo(txId, outcome) {
      const phase: TnrPhase = outcome.outcome === "reapplied" ? "committed" : "undone";
      const updated = await db.mitigationTransaction.updateMany({ where: { id: txId }, data: { operatorUndo: json(outcome), phase } });
      requireUpdated(updated.count, `saveOperatorUndo ${txId}`);
    },
    async loadTransaction(txId) {
      const row = await db.mitigationTransaction.findUnique({ where: { id: txId }, include: { steps: { orderBy: { index: "asc" } } } });
      if (!row) return null;
      const stored: StoredTransaction = {
        id: row.id,
        cluster: row.cluster,
        namespace: row.namespace,
        target: row.targetService ? { service: row.targetService } : {},
        actions: row.actions as unknown as StoredTransaction["actions"],
        phase: row.phase as TnrPhase,
        steps: row.steps.map(
          (step): StoredActionStep => ({
            index: step.index,
            action: step.action as unknown as StoredActionStep["action"],
            undoRecord: (step.undoRecord ?? null) as StoredActionStep["undoRecord"],
            execution: (step.execution ?? null) as StoredActionStep["execution"],
            undo: (step.undo ?? null) as StoredActionStep["undo"],
          }),
        ),
        health: { ...EMPTY_HEALTH, ...(row.health as object) } as StoredTransaction["health"],
        verdict: (row.verdict ?? null) as StoredTransaction["verdict"],
        operatorUndo: (row.operatorUndo ?? null) as StoredTransaction["operatorUndo"],
      };
      return stored;
    },
  };
}
