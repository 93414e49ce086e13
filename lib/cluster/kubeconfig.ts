import "server-only";
/**
 * Loading the kubeconfig the app talks to Kubernetes with: the same lookup order as
 * `KubeConfig.loadFromDefault()` (and kubectl): the KUBECONFIG path list, then
 * `~/.kube/config`, then the in-cluster service account, then `http://localhost:8080`.
 * The KUBECONFIG value comes from the caller (lib/env), never from `process.env` here; the
 * simulator is just another kubeconfig file and is not special-cased.
 */
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { findHomeDir, KubeConfig } from "@kubernetes/client-node";

/** Token file of the pod's service account; its presence means "running in a cluster". */
const IN_CLUSTER_TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export interface LoadKubeConfigOptions {
  /** KUBECONFIG as the environment gives it: one path, or several joined by the OS path delimiter. */
  kubeconfigPath?: string;
  /** Use this context instead of the file's current-context. */
  context?: string;
}

/** Reads the kubeconfig; throws when a named file or context does not exist. */
export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfig {
  const kubeConfig = new KubeConfig();
  const paths = (options.kubeconfigPath ?? "").split(delimiter).filter((p) => p.length > 0);
  if (paths.length > 0) {
    kubeConfig.loadFromFile(paths[0] as string);
    for (const path of paths.slice(1)) {
      const more = new KubeConfig();
      more.loadFromFile(path);
      // Later files only add entries, as in kubectl's merge rules; the first file's context wins.
      kubeConfig.mergeConfig(more, true);
    }
  } else {
    const home = findHomeDir();
    const homeConfig = home ? join(home, ".kube", "config") : undefined;
    if (homeConfig && existsSync(homeConfig)) kubeConfig.loadFromFile(homeConfig);
    else if (existsSync(IN_CLUSTER_TOKEN_PATH)) kubeConfig.loadFromCluster();
    else kubeConfig.loadFromClusterAndUser({ name: "cluster", server: "http://localhost:8080", skipTLSVerify: false }, { name: "user" });
  }
  if (options.context) {
    if (!kubeConfig.getContextObject(options.context)) throw new Error(`kubeconfig has no context named "${options.context}"`);
    kubeConfig.setCurrentContext(options.context);
  }
  return kubeConfig;
}
