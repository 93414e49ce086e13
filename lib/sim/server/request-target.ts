/**
 * Maps a request path onto what it addresses: discovery documents, health endpoints, or a
 * resource collection / object / subresource (`/api/v1/namespaces/ns/pods/name/log`,
 * `/apis/apps/v1/deployments`, legacy `/api/v1/watch/...`).
 */
import { resourceByPath, type ServedResource } from "../resources";

export type RequestTarget =
  | { kind: "version" }
  | { kind: "health"; check: string }
  | { kind: "core-versions" }
  | { kind: "group-list" }
  | { kind: "group"; group: string }
  | { kind: "resource-list"; group: string; version: string }
  | { kind: "openapi-v3"; path: string }
  | { kind: "resource"; resource: ServedResource; namespace: string | null; name?: string; subresource?: string; legacyWatch: boolean }
  | { kind: "not-found" };

const HEALTH = new Set(["healthz", "readyz", "livez"]);

/** Resolves `/apis/...` or `/api/...` segments after the group-version. */
function resourceTarget(group: string, version: string, rest: string[]): RequestTarget {
  let legacyWatch = false;
  if (rest[0] === "watch") {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace: string | null = null;
  let plural: string | undefined;
  let name: string | undefined;
  let subresource: string | undefined;
  let extra: string[] = [];
  const namespacesType = group === "" ? resourceByPath("", version, "namespaces") : undefined;
  const isNamespaceSubresource = namespacesType && rest[0] === "namespaces" && rest.length === 3 && (rest[2] === "status" || rest[2] === "finalize");
  if (rest[0] === "namespaces" && rest.length >= 3 && !isNamespaceSubresource) {
    namespace = rest[1] as string;
    [plural, name, subresource, ...extra] = rest.slice(2);
  } else {
    [plural, name, subresource, ...extra] = rest;
  }
  if (!plural || extra.length > 0) return { kind: "not-found" };
  const resource = resourceByPath(group, version, plural);
  if (!resource) return { kind: "not-found" };
  if (namespace !== null && !resource.namespaced) return { kind: "not-found" };
  if (namespace === null && resource.namespaced && name !== undefined) return { kind: "not-found" };
  if (subresource !== undefined && !(resource.subresources ?? []).includes(subresource)) return { kind: "not-found" };
  const target: RequestTarget = { kind: "resource", resource, namespace, legacyWatch };
  if (name !== undefined) target.name = name;
  if (subresource !== undefined) target.subresource = subresource;
  return target;
}

/** What a URL path addresses. */
export function resolveTarget(pathname: string): RequestTarget {
  const segments = pathname
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
  const [first, second, third] = segments;
  if (first === undefined) return { kind: "not-found" };
  if (first === "version" && segments.length === 1) return { kind: "version" };
  if (HEALTH.has(first)) return { kind: "health", check: segments.slice(1).join("/") };
  if (first === "openapi") {
    if (second === "v3") return { kind: "openapi-v3", path: segments.slice(2).join("/") };
    return { kind: "not-found" };
  }
  if (first === "api") {
    if (second === undefined) return { kind: "core-versions" };
    if (third === undefined) return { kind: "resource-list", group: "", version: second };
    return resourceTarget("", second, segments.slice(2));
  }
  if (first === "apis") {
    if (second === undefined) return { kind: "group-list" };
    if (third === undefined) return { kind: "group", group: second };
    if (segments.length === 3) return { kind: "resource-list", group: second, version: third };
    return resourceTarget(second, third, segments.slice(3));
  }
  return { kind: "not-found" };
}
