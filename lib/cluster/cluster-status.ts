import "server-only";
import { VersionApi } from "@kubernetes/client-node";
import { loadKubeConfig } from "./kubeconfig";

export interface ClusterStatus {
  /** Context name and API server URL from the kubeconfig in use. */
  context: string | null;
  server: string | null;
  reachable: boolean;
  /** The API server's gitVersion (e.g. v1.32.0) when reachable. */
  version: string | null;
  error: string | null;
}

export interface GetClusterStatusOptions {
  kubeconfigPath?: string;
  timeoutMs?: number;
}

/** Which cluster the app is pointed at and whether its API server answers `/version`. */
export async function getClusterStatus({ kubeconfigPath, timeoutMs = 2000 }: GetClusterStatusOptions): Promise<ClusterStatus> {
  let context: string | null = null;
  let server: string | null = null;
  try {
    const kubeConfig = loadKubeConfig({ kubeconfigPath });
    context = kubeConfig.getCurrentContext() || null;
    server = kubeConfig.getCurrentCluster()?.server ?? null;
    const version = await Promise.race([
      kubeConfig.makeApiClient(VersionApi).getCode(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { context, server, reachable: true, version: version.gitVersion, error: null };
  } catch (error) {
    return { context, server, reachable: false, version: null, error: (error as Error).message };
  }
}
