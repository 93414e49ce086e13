/**
 * Wraps objects in a `meta.k8s.io/v1` Table, which kubectl asks for on `get` so that the
 * server decides the columns. Each row carries the object as PartialObjectMetadata by default
 * (kubectl reads labels and namespace from it), the full object with `includeObject=Object`.
 */
import type { K8sObject } from "../../types";
import { printerFor } from "./printers";

export type IncludeObject = "None" | "Metadata" | "Object";

export interface TableOptions {
  resource: string;
  nowMs: number;
  includeObject?: IncludeObject;
  version?: "v1" | "v1beta1";
  resourceVersion?: string;
  continueToken?: string;
}

function rowObject(object: K8sObject, include: IncludeObject, version: string): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return object;
  return { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${version}`, metadata: object.metadata };
}

/** A Table of `objects` with the resource's columns. */
export function toTable(objects: readonly K8sObject[], options: TableOptions): unknown {
  const printer = printerFor(options.resource);
  const version = options.version ?? "v1";
  const include = options.includeObject ?? "Metadata";
  const metadata: Record<string, string> = {};
  if (options.resourceVersion) metadata.resourceVersion = options.resourceVersion;
  if (options.continueToken) metadata.continue = options.continueToken;
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${version}`,
    metadata,
    columnDefinitions: printer.columns,
    rows: objects.map((object) => {
      const row: Record<string, unknown> = { cells: printer.cells(object, options.nowMs) };
      const embedded = rowObject(object, include, version);
      if (embedded !== undefined) row.object = embedded;
      return row;
    }),
  };
}
