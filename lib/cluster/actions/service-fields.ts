/** Reads of a Service shared by the Service actions. */
import { matchesServiceSelector } from "../label-selector";
import { labelsOf } from "./object-fields";
import type { KubeObject } from "./types";

export function serviceSelector(service: KubeObject | null): Record<string, string> | undefined {
  return (service?.spec as { selector?: Record<string, string> } | undefined)?.selector;
}

/** Pods the Service routes to before or after the change (both sides are affected). */
export function serviceSelectsPod(...services: (KubeObject | null)[]): (pod: KubeObject) => boolean {
  const selectors = services.map(serviceSelector);
  return (pod) => selectors.some((selector) => matchesServiceSelector(selector, labelsOf(pod)));
}
