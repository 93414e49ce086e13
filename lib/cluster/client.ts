import "server-only";
/**
 * Typed Kubernetes API clients for one cluster, created from a KubeConfig. Every Kubernetes call
 * in the app goes through these (object-parameter API of client-node 1.x).
 */
import { AppsV1Api, AutoscalingV2Api, CoreV1Api, CustomObjectsApi, type KubeConfig, NetworkingV1Api } from "@kubernetes/client-node";

export interface ClusterClients {
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  networking: NetworkingV1Api;
  autoscaling: AutoscalingV2Api;
  /** Chaos Mesh and the simulator's DatabaseFault resources. */
  customObjects: CustomObjectsApi;
}

/** One set of API clients sharing the KubeConfig's current context. */
export function createClusterClients(kubeConfig: KubeConfig): ClusterClients {
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    networking: kubeConfig.makeApiClient(NetworkingV1Api),
    autoscaling: kubeConfig.makeApiClient(AutoscalingV2Api),
    customObjects: kubeConfig.makeApiClient(CustomObjectsApi),
  };
}
