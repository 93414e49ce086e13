/**
 * API discovery documents, built once from the resource table: the legacy `/api`, `/apis`,
 * `/apis/<group>` and `/<group-version>` lists, and the aggregated discovery
 * (`apidiscovery.k8s.io/v2`) that kubectl 1.32 asks for first. kubectl builds its REST mapping
 * (`kubectl get deploy`, `kubectl scale`) from these.
 */
import { apiVersionOf, RESOURCES, type ServedResource } from "../resources";

/** Verbs of a subresource in discovery. */
const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ["get", "patch", "update"],
  scale: ["get", "patch", "update"],
  log: ["get"],
};

interface GroupVersion {
  group: string;
  version: string;
  resources: ServedResource[];
}

function groupVersions(): GroupVersion[] {
  const out: GroupVersion[] = [];
  for (const resource of RESOURCES) {
    let gv = out.find((g) => g.group === resource.group && g.version === resource.version);
    if (!gv) {
      gv = { group: resource.group, version: resource.version, resources: [] };
      out.push(gv);
    }
    gv.resources.push(resource);
  }
  return out;
}

const GROUP_VERSIONS = groupVersions();

function subresourceKind(resource: ServedResource, subresource: string): { group: string; version: string; kind: string } {
  if (subresource === "scale") return { group: "autoscaling", version: "v1", kind: "Scale" };
  return { group: resource.group, version: resource.version, kind: resource.kind };
}

/** `/api`: APIVersions. */
export function coreVersions(serverAddress: string): unknown {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function apiGroup(group: string): unknown {
  const versions = GROUP_VERSIONS.filter((gv) => gv.group === group).map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

/** Non-core API group names, in table order. */
export const API_GROUPS = [...new Set(GROUP_VERSIONS.map((gv) => gv.group).filter((g) => g !== ""))];

/** `/apis`: APIGroupList. */
export function groupList(): unknown {
  return { kind: "APIGroupList", apiVersion: "v1", groups: API_GROUPS.map(apiGroup) };
}

/** `/apis/<group>`: APIGroup, or undefined if the group is not served. */
export function groupDocument(group: string): unknown {
  if (!API_GROUPS.includes(group)) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...(apiGroup(group) as object) };
}

/** `/api/v1` or `/apis/<group>/<version>`: APIResourceList, or undefined if not served. */
export function resourceList(group: string, version: string): unknown {
  const gv = GROUP_VERSIONS.find((g) => g.group === group && g.version === version);
  if (!gv) return undefined;
  const resources: unknown[] = [];
  for (const r of gv.resources) {
    const entry: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
    if (r.shortNames?.length) entry.shortNames = r.shortNames;
    if (r.categories?.length) entry.categories = r.categories;
    resources.push(entry);
    for (const sub of r.subresources ?? []) {
      const kind = subresourceKind(r, sub);
      const subEntry: Record<string, unknown> = { name: `${r.plural}/${sub}`, singularName: "", namespaced: r.namespaced, kind: kind.kind, verbs: SUBRESOURCE_VERBS[sub] ?? ["get"] };
      if (sub === "scale") Object.assign(subEntry, { group: kind.group, version: kind.version });
      resources.push(subEntry);
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: apiVersionOf(gv), resources };
}

function aggregatedResource(r: ServedResource): unknown {
  const entry: Record<string, unknown> = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? "Namespaced" : "Cluster",
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames?.length) entry.shortNames = r.shortNames;
  if (r.categories?.length) entry.categories = r.categories;
  if (r.subresources?.length) {
    entry.subresources = r.subresources.map((sub) => ({ subresource: sub, responseKind: subresourceKind(r, sub), verbs: SUBRESOURCE_VERBS[sub] ?? ["get"] }));
  }
  return entry;
}

/** Aggregated discovery for `/api` (`core: true`) or `/apis`: an APIGroupDiscoveryList. */
export function aggregatedDiscovery(core: boolean, version: "v2" | "v2beta1"): unknown {
  const groups = core ? [""] : API_GROUPS;
  const items = groups.map((group) => {
    const metadata: Record<string, unknown> = { creationTimestamp: null };
    if (group) metadata.name = group;
    return {
      metadata,
      versions: GROUP_VERSIONS.filter((gv) => gv.group === group).map((gv) => ({ version: gv.version, resources: gv.resources.map(aggregatedResource), freshness: "Current" })),
    };
  });
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/** Content-Type of an aggregated discovery response. */
export function aggregatedDiscoveryContentType(version: "v2" | "v2beta1"): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}
