/**
 * Label selectors evaluated client-side (pure): which pods a Service, Deployment or
 * NetworkPolicy selects, without another API call.
 */
import type { V1LabelSelector } from "@kubernetes/client-node";

/** True when `labels` satisfy a LabelSelector (matchLabels and matchExpressions). An empty selector matches everything. */
export function matchesLabelSelector(selector: V1LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (have[key] !== value) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const value = have[expression.key];
    const values = expression.values ?? [];
    switch (expression.operator) {
      case "In":
        if (value === undefined || !values.includes(value)) return false;
        break;
      case "NotIn":
        if (value !== undefined && values.includes(value)) return false;
        break;
      case "Exists":
        if (value === undefined) return false;
        break;
      case "DoesNotExist":
        if (value !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** True when `labels` carry every key/value of a Service-style equality selector (an empty one selects nothing). */
export function matchesServiceSelector(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return false;
  return entries.every(([k, v]) => labels?.[k] === v);
}

/** `app=cart,tier in (web,api)` */
export function formatLabelSelector(selector: V1LabelSelector | undefined): string {
  if (!selector) return "";
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator.toLowerCase() === "in" ? "in" : "notin"} (${(e.values ?? []).join(",")})`);
  }
  return parts.join(",");
}
