/**
 * The one error a `MetricsSource` throws. `kind` tells a caller what to do about it: retry a
 * `timeout` or `network` failure, fix the query for `bad-request`, report `invalid-response`
 * (the server answered, but not with what the API promises) as a bug or version mismatch.
 */

/** Why a telemetry read failed. */
export type MetricsSourceErrorKind = "timeout" | "network" | "http" | "bad-request" | "query" | "invalid-response";

/** Options of `MetricsSourceError`. */
export interface MetricsSourceErrorOptions {
  kind: MetricsSourceErrorKind;
  /** Which implementation failed ("simulator" | "prometheus"). */
  source: string;
  /** The request, without query-string secrets (we never put any there). */
  url?: string;
  /** HTTP status, when the server answered. */
  status?: number;
  cause?: unknown;
}

/** A telemetry read failed; the message names the source, what was asked and what was wrong. */
export class MetricsSourceError extends Error {
  readonly kind: MetricsSourceErrorKind;
  readonly source: string;
  readonly url: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: MetricsSourceErrorOptions) {
    super(`${options.source}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "MetricsSourceError";
    this.kind = options.kind;
    this.source = options.source;
    this.url = options.url;
    this.status = options.status;
  }
}
