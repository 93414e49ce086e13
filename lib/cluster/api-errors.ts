import "server-only";
/**
 * Reading client-node failures: `ApiException.code` is the HTTP status, and the body is the
 * Kubernetes `Status` (as text or object) with reason, message and field causes.
 */
import { ApiException } from "@kubernetes/client-node";

/** The parts of a Kubernetes `Status` the app uses. */
export interface KubernetesStatus {
  code: number;
  reason?: string;
  message?: string;
  causes?: { field?: string; message?: string; reason?: string }[];
}

/** HTTP status of a client-node API failure, or undefined for anything else (network errors...). */
export function apiErrorCode(error: unknown): number | undefined {
  return error instanceof ApiException ? (error as ApiException<unknown>).code : undefined;
}

/** True when `error` is an API failure with this HTTP status (404, 409, 422...). */
export function isApiError(error: unknown, code: number): boolean {
  return apiErrorCode(error) === code;
}

/** The server's `Status` of an API failure, parsed from the body. */
export function apiErrorStatus(error: unknown): KubernetesStatus | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const exception = error as ApiException<unknown>;
  let body: unknown = exception.body;
  if (typeof exception.body === "string") {
    const text = exception.body;
    try {
      body = JSON.parse(text);
    } catch {
      return { code: exception.code, message: text };
    }
  }
  const status: KubernetesStatus = { code: exception.code };
  if (body && typeof body === "object") {
    const record = body as { reason?: unknown; message?: unknown; details?: { causes?: unknown } };
    if (typeof record.reason === "string") status.reason = record.reason;
    if (typeof record.message === "string") status.message = record.message;
    if (Array.isArray(record.details?.causes)) status.causes = record.details.causes as KubernetesStatus["causes"];
  }
  return status;
}
