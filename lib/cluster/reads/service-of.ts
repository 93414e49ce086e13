/**
 * Which application a pod or workload belongs to, by the labels people actually use. Findings
 * carry it so the diagnosis can say "cart is down" rather than "pod cart-7d9f-x2k is down".
 */

const APP_LABELS = ["app.kubernetes.io/name", "app", "k8s-app", "app.kubernetes.io/instance", "component"];

/** The app name from labels, or undefined. */
export function appNameOf(labels: Record<string, string> | undefined): string | undefined {
  if (!labels) return undefined;
  for (const key of APP_LABELS) {
    const value = labels[key];
    if (value) return value;
  }
  return undefined;
}

/** A Deployment name from a ReplicaSet name ("cart-7d9f8b6c4" -> "cart"), by the pod-template-hash suffix. */
export function deploymentNameFromReplicaSet(replicaSetName: string): string {
  const dash = replicaSetName.lastIndexOf("-");
  return dash > 0 ? replicaSetName.slice(0, dash) : replicaSetName;
}
