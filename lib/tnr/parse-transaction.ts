import "server-only";
/**
 * Step 1 of a transaction: parse it before anything else happens. Every action must be a
 * catalogue action with valid params, and there are at most `maxActions` of them (K, never more
 * than the catalogue's `MAX_ACTIONS_PER_TRANSACTION`).
 */
import { z } from "zod";
import { mitigationActionSchema } from "../cluster/actions/catalogue";
import { MAX_ACTIONS_PER_TRANSACTION } from "./limits";
import { TnrError } from "./tnr-error";
import type { TnrTransaction } from "./tnr-store";

/** Kubernetes names the lock is keyed by: non-empty, bounded. */
const scopeName = z.string().min(1).max(253);

/** The transaction schema for a given K. */
export function tnrTransactionSchema(maxActions: number) {
  return z
    .object({
      id: z.string().min(1).max(200).describe("Transaction id, the key of its write-ahead log"),
      cluster: scopeName.describe("Cluster the actions change (the lock's first key)"),
      namespace: scopeName.describe("Namespace the actions change (the lock's second key) and whose health is judged"),
      target: z
        .object({ service: z.string().min(1).optional().describe("The service the transaction fixes; omitted: the namespace as a whole") })
        .strict(),
      actions: z
        .array(mitigationActionSchema)
        .min(1, "a transaction needs at least one action")
        .max(maxActions, `a transaction has at most ${maxActions} actions`),
    })
    .strict()
    .superRefine((tx, issue) => {
      // The lock covers one namespace: an action elsewhere would change what no lock protects and no health check judges.
      tx.actions.forEach((action, index) => {
        if (action.params.namespace !== tx.namespace) {
          issue.addIssue({ code: "custom", path: ["actions", index, "params", "namespace"], message: `must be the transaction's namespace "${tx.namespace}"` });
        }
      });
    });
}

/** Parses an untrusted transaction, or throws `TnrError("invalid-transaction")` naming each bad field. */
export function parseTransaction(input: unknown, maxActions: number = MAX_ACTIONS_PER_TRANSACTION): TnrTransaction {
  if (!Number.isInteger(maxActions) || maxActions < 1 || maxActions > MAX_ACTIONS_PER_TRANSACTION) {
    throw new RangeError(`maxActions must be an integer in [1, ${MAX_ACTIONS_PER_TRANSACTION}], got ${maxActions}`);
  }
  const parsed = tnrTransactionSchema(maxActions).safeParse(input);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  throw new TnrError("invalid-transaction", message);
}
