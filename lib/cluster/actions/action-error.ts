import "server-only";
/**
 * Turning anything an action can hit into an `ActionFailure`: client-node's `ApiException` by
 * `.code`, our own `ActionError`, and (last resort) other errors by message only, never a stack.
 */
import { apiErrorCode, apiErrorStatus } from "../api-errors";
import type { ActionFailure, ActionFailureReason, ObjectRef } from "./types";

/** A failure the action detected itself (missing container, refused target...). */
export class ActionError extends Error {
  constructor(
    readonly reason: ActionFailureReason,
    message: string,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

/** `Deployment shop/web`, how messages name an object. */
export function describeRef(ref: Pick<ObjectRef, "kind" | "namespace" | "name">): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/** The real API server (and the simulator) answer a failed JSON-patch `test` op with 422 and this text. */
const FAILED_TEST_OP = /test operation failed|testing value/i;

/** The typed failure for `error` raised while acting on `ref`. */
export function toActionFailure(error: unknown, ref: Pick<ObjectRef, "kind" | "namespace" | "name">): ActionFailure {
  if (error instanceof ActionError) return { reason: error.reason, message: error.message };
  const code = apiErrorCode(error);
  if (code !== undefined) {
    const serverMessage = apiErrorStatus(error)?.message ?? `HTTP ${code}`;
    const name = describeRef(ref);
    switch (true) {
      case code === 404:
        return { reason: "NotFound", status: code, message: `${name} not found` };
      case code === 409:
        return { reason: "Conflict", status: code, message: `conflict on ${name}: ${serverMessage}` };
      case code === 422 && FAILED_TEST_OP.test(serverMessage):
        // Our JSON patches test the values the snapshot saw; a failed test means someone changed them.
        return { reason: "Conflict", status: code, message: `${name} was changed since the snapshot, not overwriting: ${serverMessage}` };
      case code === 400 || code === 422:
        return { reason: "Invalid", status: code, message: `${name}: ${serverMessage}` };
      case code === 403:
        return { reason: "Refused", status: code, message: `${name}: forbidden: ${serverMessage}` };
      default:
        return { reason: "ApiError", status: code, message: `${name}: ${serverMessage}` };
    }
  }
  return { reason: "ApiError", message: error instanceof Error ? error.message : String(error) };
}
