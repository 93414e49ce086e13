import "server-only";
import type { ClusterClients } from "../cluster/client";
import type { Db } from "../db/client";
import type { Logger } from "../log";
import { recordServiceSpecs } from "./service-spec-snapshots";

/** How often the last known Service specs are refreshed (a Service deleted between two passes keeps its previous spec). */
export const SERVICE_SPEC_RECORD_INTERVAL_MS = 30_000;

export interface StartServiceSpecRecorderOptions {
  db: Db;
  clients: ClusterClients;
  cluster: string;
  now: () => Date;
  log: Logger;
  intervalMs?: number;
}

/** Records Service specs now and then on an interval; a failed pass is logged and retried next time. */
export function startServiceSpecRecorder({ db, clients, cluster, now, log, intervalMs = SERVICE_SPEC_RECORD_INTERVAL_MS }: StartServiceSpecRecorderOptions): { stop(): void } {
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      await recordServiceSpecs({ db, clients, cluster, now: now() });
    } catch (error) {
      log.warn("service_specs.record_failed", { cluster, error: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
    }
  };
  void pass();
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
