/**
 * Reading the `Accept` header the way kubectl and client-go write it: a list of media types
 * with `as=`, `g=` and `v=` parameters asking for server-side Tables
 * (`application/json;as=Table;v=v1;g=meta.k8s.io`) or aggregated discovery
 * (`application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`).
 */

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header.split(",").map((part) => {
    const [type, ...params] = part.split(";").map((s) => s.trim());
    const out: Record<string, string> = {};
    for (const param of params) {
      const eq = param.indexOf("=");
      if (eq > 0) out[param.slice(0, eq).trim()] = param.slice(eq + 1).trim();
    }
    return { type: (type ?? "").toLowerCase(), params: out };
  });
}

function isJsonLike(type: string): boolean {
  return type === "application/json" || type === "*/*" || type === "application/*";
}

/** The Table version (`v1` or `v1beta1`) the client accepts, if it asked for Tables at all. */
export function acceptedTableVersion(accept: string | undefined): "v1" | "v1beta1" | undefined {
  for (const range of parseAccept(accept)) {
    if (range.type !== "application/json" || range.params.as !== "Table" || range.params.g !== "meta.k8s.io") continue;
    if (range.params.v === "v1" || range.params.v === "v1beta1") return range.params.v;
  }
  return undefined;
}

/** The aggregated discovery version (`v2` or `v2beta1`) the client accepts, if any. */
export function acceptedAggregatedDiscovery(accept: string | undefined): "v2" | "v2beta1" | undefined {
  for (const range of parseAccept(accept)) {
    if (range.type !== "application/json" || range.params.as !== "APIGroupDiscoveryList" || range.params.g !== "apidiscovery.k8s.io") continue;
    if (range.params.v === "v2" || range.params.v === "v2beta1") return range.params.v;
  }
  return undefined;
}

/** True unless the client accepts only media types the simulator cannot produce (e.g. protobuf only). */
export function acceptsJson(accept: string | undefined): boolean {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return true;
  return ranges.some((range) => isJsonLike(range.type) || range.type === "application/yaml");
}
