import "server-only";
import type { Db } from "../db/client";
import type { Env } from "../env";
import type { Logger } from "../log";
import { autopilotLookup } from "../autopilot/autopilot-lookup";
import { createClusterClients } from "../cluster/client";
import { loadKubeConfig } from "../cluster/kubeconfig";
import { createClusterClock } from "../telemetry/cluster-clock";
import { createPrometheusMetricsSource } from "../telemetry/prometheus-source";
import { createSimulatorMetricsSource } from "../telemetry/simulator-source";
import type { SloConfig } from "../telemetry/slo";
import { createPrismaWriteLock } from "../tnr/db/prisma-write-lock";
import { createHealthProbe } from "../tnr/health-probe";
import { createLlmReasoner, llmReasonerOptionsFromEnv } from "../reasoning/llm/create-llm-reasoner";
import { describeReasoner } from "../reasoning/llm/describe-reasoner";
import { createAgentPipelineSteps } from "./agent-steps";
import { startWorker, type RunningWorker } from "./start-worker";
import { knownServiceSpecs } from "./service-spec-snapshots";
import { indexRunbooks, memoryToolDeps } from "./app-memory";
import { startPostmortemDrafter } from "./start-postmortem-drafter";
import { startServiceSpecRecorder } from "./start-service-spec-recorder";

export interface StartAppPipelineOptions {
  db: Db;
  env: Env;
  log: Logger;
}

/**
 * The pipeline as the app runs it: the configured reasoner (the LLM one when a model is set,
 * else the rules reasoner) and TNR over the configured cluster and
 * metrics source, with the cluster's own clock (the simulator's when it runs accelerated).
 * Returns null, and says why, when there is nothing to investigate with.
 */
export async function startAppPipeline({ db, env, log }: StartAppPipelineOptions): Promise<(RunningWorker & { stopAll(): Promise<void> }) | null> {
  if (!env.pipeline.enabled) {
    log.info("pipeline.disabled", { reason: "PIPELINE_ENABLED=false" });
    return null;
  }
  if (env.metrics.source === "none") {
    log.warn("pipeline.disabled", { reason: "no metrics source: set PROMETHEUS_URL (or run the simulator)" });
    return null;
  }
  let kubeConfig;
  try {
    kubeConfig = loadKubeConfig({ kubeconfigPath: env.kubeconfigPath });
  } catch (error) {
    const hint = env.simulator.enabled ? "start the simulated cluster (npm start does; or npm run sim)" : "set KUBECONFIG";
    throw new Error(`cannot load the kubeconfig (${env.kubeconfigPath ?? "~/.kube/config"}): ${(error as Error).message}; ${hint}`);
  }
  const clients = createClusterClients(kubeConfig);
  const metrics =
    env.metrics.source === "simulator"
      ? createSimulatorMetricsSource({ baseUrl: env.metrics.baseUrl })
      : createPrometheusMetricsSource({ baseUrl: env.metrics.baseUrl });
  const clock = await createClusterClock(env.metrics.source === "simulator" ? { simulatorUrl: env.metrics.baseUrl } : {});
  const slos: SloConfig = { services: env.sloOverrides as SloConfig["services"] };
  const cluster = kubeConfig.getCurrentContext() || "default";
  // The LLM reasoner when a model is configured; otherwise the steps default to the rules reasoner.
  const llmOptions = llmReasonerOptionsFromEnv(env.llm);
  const reasoner = describeReasoner({ env });
  const steps = createAgentPipelineSteps({
    db,
    ...(llmOptions ? { reasoner: createLlmReasoner(llmOptions) } : {}),
    toolContext: { clients, defaultNamespace: "default", now: () => clock.now() },
    metrics,
    tnr: {
      lock: createPrismaWriteLock({ db }),
      clock,
      health: (namespace) => createHealthProbe({ source: metrics, namespace, now: () => clock.now(), slos }),
      options: { stabilizationMs: env.pipeline.stabilizationSeconds * 1000 },
    },
    autopilot: autopilotLookup({ db, envDefault: env.autopilot, log }),
    cluster,
    now: () => clock.now(),
    knownServiceSpecs: (namespace) => knownServiceSpecs({ db, cluster, namespace }),
    memory: memoryToolDeps(env),
  });
  await indexRunbooks({ db, env, log });
  const worker = startWorker({ db, steps, log });
  const postmortems = startPostmortemDrafter({ db, metrics, slos, log });
  const snapshots = startServiceSpecRecorder({ db, clients, cluster, now: () => clock.now(), log });
  log.info("pipeline.started", {
    reasoner: reasoner.id,
    ...(reasoner.kind === "llm" ? { model: reasoner.model, models: reasoner.models, llmBaseUrl: reasoner.baseUrl, llmLimits: reasoner.limits } : { llm: reasoner.reason }),
    metrics: env.metrics.source,
    cluster: kubeConfig.getCurrentContext(),
    autopilotDefault: Object.keys(env.autopilot).length ? env.autopilot : "off",
  });
  return {
    ...worker,
    async stopAll() {
      snapshots.stop();
      postmortems.stop();
      await worker.stop();
      clock.stop();
    },
  };
}
