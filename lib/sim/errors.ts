/**
 * The simulated API server's one error type. Everything in `lib/sim` (store, admission hooks,
 * controllers, HTTP layer) throws `SimApiError`; the HTTP layer turns it into the Kubernetes
 * `Status` object that kubectl and client-node know how to read
 * (`Error from server (NotFound): pods "x" not found`).
 */

/** `metav1.StatusReason` values the simulator produces. */
export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "BadRequest"
  | "MethodNotAllowed"
  | "Forbidden"
  | "Gone"
  | "Expired"
  | "UnsupportedMediaType"
  | "NotAcceptable"
  | "Timeout"
  | "InternalError";

/** `metav1.CauseType` values used in 422 Invalid causes. */
export type CauseReason =
  | "FieldValueInvalid"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong";

/** One field-level problem inside a 422 Invalid. */
export interface StatusCause {
  /** Dotted path as Kubernetes writes it: `spec.template.spec.containers[0].image`. */
  field: string;
  /** Text after the field, e.g. `Required value` or `Invalid value: "x": must be ...`. */
  message: string;
  reason?: CauseReason;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  /** For NotFound/AlreadyExists/Conflict this is the resource plural, as the real server writes it. */
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The Kubernetes `Status` object (meta/v1) as served over HTTP. */
export interface StatusObject {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

export interface SimApiErrorInit {
  code: number;
  reason: StatusReason;
  message: string;
  details?: StatusDetails;
}

/** An API failure with the HTTP code, reason and details the real API server would send. */
export class SimApiError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details?: StatusDetails;

  constructor(init: SimApiErrorInit) {
    super(init.message);
    this.name = "SimApiError";
    this.code = init.code;
    this.reason = init.reason;
    if (init.details) this.details = init.details;
  }

  /** The `Status` body for the HTTP response. */
  toStatus(): StatusObject {
    const status: StatusObject = {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

export function isSimApiError(error: unknown): error is SimApiError {
  return error instanceof SimApiError;
}

/**
 * Splits a group-qualified resource such as `deployments.apps` into resource and group.
 * Core resources have no dot (`pods`).
 */
function splitGroupResource(groupResource: string): { resource: string; group: string } {
  const dot = groupResource.indexOf(".");
  if (dot < 0) return { resource: groupResource, group: "" };
  return { resource: groupResource.slice(0, dot), group: groupResource.slice(dot + 1) };
}

function details(groupResource: string, name: string): StatusDetails {
  const { resource, group } = splitGroupResource(groupResource);
  return group ? { name, group, kind: resource } : { name, kind: resource };
}

/** 404: `deployments.apps "web" not found`. `resource` is the group-qualified plural. */
export function notFound(resource: string, name: string): SimApiError {
  return new SimApiError({ code: 404, reason: "NotFound", message: `${resource} "${name}" not found`, details: details(resource, name) });
}

/** Default text of a stale-resourceVersion conflict, word for word as the real API server writes it. */
export const STALE_OBJECT_MESSAGE = "the object has been modified; please apply your changes to the latest version and try again";

/** 409 Conflict: `Operation cannot be fulfilled on deployments.apps "web": <why>`. */
export function conflict(resource: string, name: string, why: string = STALE_OBJECT_MESSAGE): SimApiError {
  return new SimApiError({
    code: 409,
    reason: "Conflict",
    message: `Operation cannot be fulfilled on ${resource} "${name}": ${why}`,
    details: details(resource, name),
  });
}

/** 409 AlreadyExists: `deployments.apps "web" already exists`. */
export function alreadyExists(resource: string, name: string): SimApiError {
  return new SimApiError({ code: 409, reason: "AlreadyExists", message: `${resource} "${name}" already exists`, details: details(resource, name) });
}

/**
 * 422 Invalid with field causes. `kind` may be group-qualified (`Deployment.apps`), as in the
 * real message `Deployment.apps "web" is invalid: spec.selector: Required value`.
 */
export function invalid(kind: string, name: string, causes: StatusCause[]): SimApiError {
  const dot = kind.indexOf(".");
  const bareKind = dot < 0 ? kind : kind.slice(0, dot);
  const group = dot < 0 ? "" : kind.slice(dot + 1);
  const withReasons = causes.map((c) => ({ reason: c.reason ?? "FieldValueInvalid", message: c.message, field: c.field }));
  const texts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const joined = texts.length === 1 ? texts[0] : `[${texts.join(", ")}]`;
  const statusDetails: StatusDetails = { name, kind: bareKind, causes: withReasons };
  if (group) statusDetails.group = group;
  return new SimApiError({ code: 422, reason: "Invalid", message: `${kind} "${name}" is invalid: ${joined}`, details: statusDetails });
}

/** 403 Forbidden, e.g. an admission refusal: `pods "x" is forbidden: exceeded quota: ...`. */
export function forbidden(message: string, statusDetails?: StatusDetails): SimApiError {
  return new SimApiError({ code: 403, reason: "Forbidden", message, ...(statusDetails ? { details: statusDetails } : {}) });
}

/** 400 BadRequest. */
export function badRequest(message: string): SimApiError {
  return new SimApiError({ code: 400, reason: "BadRequest", message });
}

/** 405 MethodNotAllowed. */
export function methodNotAllowed(message = "the server does not allow this method on the requested resource"): SimApiError {
  return new SimApiError({ code: 405, reason: "MethodNotAllowed", message });
}

/** 410 Gone for a watch or continue token whose resourceVersion left the history window. */
export function gone(message: string): SimApiError {
  return new SimApiError({ code: 410, reason: "Expired", message });
}

/** 415 for a patch type the resource does not support (strategic merge on custom resources). */
export function unsupportedMediaType(message: string): SimApiError {
  return new SimApiError({ code: 415, reason: "UnsupportedMediaType", message });
}

/** 404 for a URL that names no served resource (the real server's generic text). */
export function resourceNotServed(): SimApiError {
  return new SimApiError({ code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: {} });
}

/** 500 for an unexpected failure; the cause stays in server logs, never in the response. */
export function internalError(message = "an internal error occurred in the simulated API server"): SimApiError {
  return new SimApiError({ code: 500, reason: "InternalError", message });
}
