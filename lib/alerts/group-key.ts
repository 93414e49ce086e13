import type { NormalizedAlert } from "./types";

/**
 * Which incident an alert belongs with: its cluster, namespace and service when the alert names a
 * service; otherwise the source's own alert group (Alertmanager groupKey...) or, last, the alert name.
 */
export function groupKeyOf(alert: NormalizedAlert): string {
  if (alert.service) {
    return `svc:${alert.cluster ?? "-"}/${alert.namespace ?? "-"}/${alert.service}`;
  }
  if (alert.groupHint) return `group:${alert.source}:${alert.groupHint}`;
  return `name:${alert.cluster ?? "-"}/${alert.namespace ?? "-"}/${alert.name}`;
}
