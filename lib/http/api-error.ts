/**
 * The one error type that crosses from lib/ to HTTP. Its message is shown to the caller, so it
 * must say what was wrong in words; anything else thrown is an internal error, logged, never shown.
 */
export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "internal";

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  internal: 500,
};

export interface ApiErrorIssue {
  /** Field path, e.g. "alerts[3].startsAt"; empty for the whole body. */
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiErrorIssue[],
  ) {
    super(message);
    this.name = "ApiError";
    this.status = STATUS[code];
  }
}

/** zod issues as `{ path, message }` with paths written like `alerts[3].startsAt`. */
export function issuesFromZod(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ApiErrorIssue[] {
  return issues.map((issue) => ({
    path: issue.path.reduce<string>(
      (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
      "",
    ),
    message: issue.message,
  }));
}
