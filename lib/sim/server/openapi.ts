/**
 * A minimal OpenAPI v3 surface: the `/openapi/v3` index and, per group-version, a document
 * listing each resource's PATCH operation with its GroupVersionKind and the `fieldValidation`
 * query parameter. That is what kubectl's `--validate=strict` (the default of `apply`,
 * `create`, `replace`) looks for to trust server-side field validation instead of downloading
 * full schemas. There are no schemas, so `kubectl explain` is not supported; `/openapi/v2`
 * is 404, and kubectl apply then computes strategic merge patches from its built-in types.
 */
import { createHash } from "node:crypto";
import { apiVersionOf, RESOURCES, type ServedResource } from "../resources";

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const QUERY_PARAMETERS = ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"].map((name) => ({
  name,
  in: "query",
  schema: { type: name === "force" ? "boolean" : "string", uniqueItems: true },
}));

function objectPath(resource: ServedResource): string {
  const prefix = `/${gvPath(resource.group, resource.version)}`;
  return resource.namespaced ? `${prefix}/namespaces/{namespace}/${resource.plural}/{name}` : `${prefix}/${resource.plural}/{name}`;
}

function groupVersionDocument(group: string, version: string): unknown {
  const paths: Record<string, unknown> = {};
  for (const resource of RESOURCES) {
    if (resource.group !== group || resource.version !== version) continue;
    paths[objectPath(resource)] = {
      patch: {
        description: `partially update the specified ${resource.kind}`,
        operationId: `patch${resource.kind}`,
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": { group, version, kind: resource.kind },
        parameters: QUERY_PARAMETERS,
        responses: { "200": { description: "OK" } },
      },
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.4" }, paths, components: { schemas: {} } };
}

interface OpenApiDocs {
  index: string;
  byPath: Map<string, string>;
}

function build(): OpenApiDocs {
  const byPath = new Map<string, string>();
  const index: Record<string, { serverRelativeURL: string }> = {};
  const seen = new Set<string>();
  for (const resource of RESOURCES) {
    const key = apiVersionOf(resource);
    if (seen.has(key)) continue;
    seen.add(key);
    const path = gvPath(resource.group, resource.version);
    const json = JSON.stringify(groupVersionDocument(resource.group, resource.version));
    const hash = createHash("sha512").update(json).digest("hex").slice(0, 64).toUpperCase();
    byPath.set(path, json);
    index[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { index: JSON.stringify({ paths: index }), byPath };
}

const DOCS = build();

/** JSON for `/openapi/v3` or `/openapi/v3/<gv path>`, or undefined (404). */
export function openApiV3(subpath: string): string | undefined {
  if (subpath === "") return DOCS.index;
  return DOCS.byPath.get(subpath);
}
