import "server-only";
import { getAppContext } from "../app-context";
import { ApiError } from "../http/api-error";
import { createSimControlClient, type SimControlClient } from "./sim-control-client";

/**
 * The control client of the app's own simulated cluster, or a 409 that says why there is none
 * (the fault panel is a demo of the simulator; a real cluster is never sent faults from here).
 */
export function demoSimControl(): SimControlClient {
  const { env } = getAppContext();
  if (!env.simulator.enabled) {
    throw new ApiError("conflict", "the simulated cluster is not running (KUBECONFIG points at a real cluster, or SIM_ENABLED=false): the fault panel only drives the simulator");
  }
  return createSimControlClient({ baseUrl: `http://127.0.0.1:${env.simulator.port}` });
}
