import "server-only";
/**
 * Blast radius of an action: the pods it touches (selected by or owned by the target) and the
 * Services whose selectors route to those pods, i.e. whose callers will notice.
 */
import { listPods, listServices } from "./kind-clients";
import { matchesServiceSelector } from "../label-selector";
import { labelsOf, nameOf, specOf } from "./object-fields";
import type { ActionContext, BlastRadius, KubeObject } from "./types";

export interface BlastRadiusOptions {
  ctx: ActionContext;
  namespace: string;
  /** Which pods of the namespace the action touches. */
  selectsPod: (pod: KubeObject) => boolean;
  /** Services touched directly (the target itself, when it is a Service). */
  services?: string[];
}

/** Pods matching `selectsPod` and every Service routing to at least one of them. */
export async function computeBlastRadius({ ctx, namespace, selectsPod, services = [] }: BlastRadiusOptions): Promise<BlastRadius> {
  const [pods, allServices] = await Promise.all([listPods(ctx, namespace), listServices(ctx, namespace)]);
  const touched = pods.filter(selectsPod);
  const routed = allServices.filter((service) => {
    const selector = specOf<{ selector?: Record<string, string> }>(service)?.selector;
    return touched.some((pod) => matchesServiceSelector(selector, labelsOf(pod)));
  });
  return {
    pods: touched.map(nameOf).sort(),
    services: [...new Set([...services, ...routed.map(nameOf)])].sort(),
  };
}
