/** Parameter fields several tools share, described once so the model sees the same words everywhere. */
import { z } from "zod";
import { DEFAULT_MAX_LIST_ITEMS } from "./bound";

/** Kubernetes object names: DNS-1123 subdomain. */
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Optional namespace; the incident's namespace when omitted. */
export const namespaceParam = z.string().regex(NAME, "must be a Kubernetes namespace name").max(63).optional().describe("Namespace; defaults to the incident's namespace");

/** A required object name. */
export function objectNameParam(what: string) {
  return z.string().min(1).max(253).regex(NAME, `must be a Kubernetes ${what} name`).describe(`Name of the ${what}`);
}

/** Max items of a list. */
export const limitParam = z.number().int().min(1).max(200).optional().describe(`Most items to list (default ${DEFAULT_MAX_LIST_ITEMS})`);

/** A label selector like `app=cart,tier!=db`. */
export const labelSelectorParam = z
  .string()
  .max(500)
  .regex(/^[A-Za-z0-9_./\-=!,() ]*$/, "must be a Kubernetes label selector like app=cart,tier!=db")
  .optional()
  .describe("Label selector, e.g. app=cart or app in (cart,checkout)");
