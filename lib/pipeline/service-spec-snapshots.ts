import "server-only";
/**
 * Last known Service specs, kept in the database: the recorder lists the cluster's Services
 * periodically and upserts each one's spec; the mitigation agent reads them back to recreate a
 * Service that was deleted (a deleted object cannot be read from the cluster any more). Rows of
 * deleted Services are kept: that is the memory.
 */
import type { V1Service } from "@kubernetes/client-node";
import type { ClusterClients } from "../cluster/client";
import { recreateServiceParams, type RecreateServiceParams } from "../cluster/actions/recreate-service";
import { listNamespaceNames } from "../cluster/reads/read-namespaces";
import { listServices } from "../cluster/reads/read-services";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/sqlite/client";

/** Namespaces never snapshotted: the control plane's own. */
const SKIPPED_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease"]);
/** Most namespaces one recording pass reads. */
export const MAX_SNAPSHOT_NAMESPACES = 100;

/** A Service as the recreate action takes it; null for Services it cannot recreate (headless, ExternalName, no selector). */
export function serviceToRecreateParams(service: V1Service): RecreateServiceParams | null {
  const parsed = recreateServiceParams.safeParse({
    namespace: service.metadata?.namespace,
    name: service.metadata?.name,
    type: service.spec?.type ?? "ClusterIP",
    selector: service.spec?.selector ?? {},
    ports: (service.spec?.ports ?? []).map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: p.port,
      ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
      ...(p.protocol ? { protocol: p.protocol } : {}),
      ...(p.nodePort ? { nodePort: p.nodePort } : {}),
    })),
    ...(service.metadata?.labels ? { labels: service.metadata.labels } : {}),
  });
  return parsed.success && Object.keys(parsed.data.selector).length > 0 ? parsed.data : null;
}

export interface RecordServiceSpecsOptions {
  db: Db;
  clients: ClusterClients;
  cluster: string;
  now: Date;
  /** Namespaces to read (default: every namespace but the control plane's). */
  namespaces?: string[];
}

/** Lists the Services of each namespace and upserts their specs; returns how many were recorded. */
export async function recordServiceSpecs({ db, clients, cluster, now, namespaces }: RecordServiceSpecsOptions): Promise<number> {
  const names = (namespaces ?? (await listNamespaceNames({ clients }))).filter((ns) => !SKIPPED_NAMESPACES.has(ns)).slice(0, MAX_SNAPSHOT_NAMESPACES);
  let recorded = 0;
  for (const namespace of names) {
    for (const service of await listServices({ clients, namespace })) {
      const spec = serviceToRecreateParams(service);
      if (!spec) continue;
      const key = { cluster, namespace, name: spec.name };
      const json = spec as unknown as Prisma.InputJsonValue;
      await db.serviceSpecSnapshot.upsert({ where: { cluster_namespace_name: key }, create: { ...key, spec: json, seenAt: now }, update: { spec: json, seenAt: now } });
      recorded++;
    }
  }
  return recorded;
}

/** The last known specs of a namespace's Services (rows that no longer parse are skipped). */
export async function knownServiceSpecs({ db, cluster, namespace }: { db: Db; cluster: string; namespace: string }): Promise<RecreateServiceParams[]> {
  const rows = await db.serviceSpecSnapshot.findMany({ where: { cluster, namespace }, orderBy: { name: "asc" } });
  return rows.flatMap((row) => {
    const parsed = recreateServiceParams.safeParse(row.spec);
    return parsed.success ? [parsed.data] : [];
  });
}
