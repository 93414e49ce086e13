import "server-only";
/**
 * The explicit patch strategy of a client-node 1.x patch call. The generated clients default to
 * `application/json-patch+json`; the content type is chosen per call with a header middleware:
 *
 *   apps.patchNamespacedDeployment({ name, namespace, body }, patchOptions(PatchStrategy.StrategicMergePatch))
 */
import { type ConfigurationOptions, type ObservableMiddleware, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";

export { PatchStrategy };

/** Per-call options that send the patch with the given Content-Type. */
export function patchOptions(strategy: PatchStrategy): ConfigurationOptions<ObservableMiddleware> {
  return setHeaderOptions("Content-Type", strategy);
}
