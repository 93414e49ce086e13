/**
 * The kubeconfig that points kubectl and the app at the simulator: one cluster, context and
 * user, all named `agentic-sre-sim`, with a bearer token user as a real cluster would have.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Cluster, context and user name in the generated kubeconfig. */
export const SIM_KUBECONFIG_NAME = "agentic-sre-sim";
/** The token of the kubeconfig user. The simulator does not check it (no RBAC). */
export const SIM_TOKEN = "agentic-sre-sim-token";

/** Kubeconfig YAML for a simulator at `server` (e.g. `http://127.0.0.1:7443`). */
export function simKubeconfigYaml(server: string, namespace = "default"): string {
  const name = SIM_KUBECONFIG_NAME;
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${server}`,
    // client-node refuses plain HTTP unless TLS verification is explicitly off (there is no TLS).
    "    insecure-skip-tls-verify: true",
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${name}`,
    `    namespace: ${namespace}`,
    `current-context: ${name}`,
    "users:",
    `- name: ${name}`,
    "  user:",
    `    token: ${SIM_TOKEN}`,
    "preferences: {}",
    "",
  ].join("\n");
}

/** Writes the kubeconfig (owner-only permissions, as kubeconfigs carry credentials). */
export async function writeSimKubeconfig(path: string, server: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, simKubeconfigYaml(server), { mode: 0o600 });
}
