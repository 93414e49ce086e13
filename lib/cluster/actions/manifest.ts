/**
 * A manifest to recreate a deleted object from its snapshot: what the user declared (labels,
 * annotations, finalizer-free metadata, spec) without what the server manages (uid,
 * resourceVersion, creationTimestamp, generation, managedFields, status, deletion state).
 */
import type { KubeObject } from "./types";

const SERVER_MANAGED_METADATA = ["uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "finalizers"];

/** The snapshot minus server-managed fields; controllers re-add their finalizers themselves. */
export function recreatableManifest(snapshot: KubeObject): KubeObject {
  const manifest = structuredClone(snapshot);
  delete manifest.status;
  const metadata = manifest.metadata;
  if (metadata !== null && typeof metadata === "object") {
    for (const field of SERVER_MANAGED_METADATA) delete (metadata as Record<string, unknown>)[field];
  }
  return manifest;
}
