import "server-only";
/** Pod logs through the log subresource, as `kubectl logs` reads them. */
import type { ClusterClients } from "../client";

export interface ReadPodLogsOptions {
  clients: ClusterClients;
  namespace: string;
  pod: string;
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  /** Logs of the previous (crashed) instance of the container. */
  previous?: boolean;
  /** Upper bound on bytes the server sends, so a chatty container cannot flood the app. */
  limitBytes?: number;
}

/** Raw log text; throws the API error (400 for an unknown container or no previous instance, 404 for no pod). */
export async function readPodLogs(options: ReadPodLogsOptions): Promise<string> {
  return options.clients.core.readNamespacedPodLog({
    name: options.pod,
    namespace: options.namespace,
    ...(options.container ? { container: options.container } : {}),
    ...(options.tailLines !== undefined ? { tailLines: options.tailLines } : {}),
    ...(options.sinceSeconds !== undefined ? { sinceSeconds: options.sinceSeconds } : {}),
    ...(options.previous ? { previous: true } : {}),
    ...(options.limitBytes !== undefined ? { limitBytes: options.limitBytes } : {}),
  });
}
