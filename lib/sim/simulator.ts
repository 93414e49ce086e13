/**
 * The simulated Kubernetes cluster as one object: store (API server storage), controllers and
 * kubelet model, HTTP API server on loopback, and a kubeconfig for kubectl and the app.
 *
 *   const sim = createSimulator({ seed: 42, port: 0, kubeconfigPath: "/tmp/sim.kubeconfig" });
 *   await sim.start();   // KUBECONFIG=/tmp/sim.kubeconfig kubectl get pods -A
 *   await sim.stop();
 */
import type { Server } from "node:http";
import { resolve } from "node:path";
import { SimClock, type ClockOptions } from "./clock";
import { startControllers, type RunningControllers } from "./controllers";
import { SeededRandom } from "./rng";
import { createApiServer, type ApiServer, type ExtraRequestHandler } from "./server/api-server";
import { writeSimKubeconfig } from "./server/kubeconfig-file";
import { bootstrapCluster, type NodeShape } from "./store/bootstrap";
import { startEventTtl } from "./store/event-ttl";
import { InMemoryObjectStore } from "./store/object-store";
import type { PodLogSource } from "./types";

/** Where `createSimulator` writes the kubeconfig unless told otherwise (relative to the working directory). */
export const DEFAULT_KUBECONFIG_PATH = "data/sim.kubeconfig";

export interface SimulatorOptions {
  /** Seed of every random choice (UIDs, names, IPs, controller behaviour). Default 1. */
  seed?: number;
  /** A clock to share, or options for the simulator's own one (default: real time). */
  clock?: SimClock | ClockOptions;
  /** Interface to listen on. Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port to listen on; 0 picks a free one (tests). Default 0. */
  port?: number;
  /** Kubeconfig to write on start; `false` writes none. Default `data/sim.kubeconfig`. */
  kubeconfigPath?: string | false;
  /** Run the controllers and kubelet model. Default true; false gives a bare API server. */
  controllers?: boolean;
  /** Worker nodes to create (default three 4-CPU / 16Gi nodes). */
  nodes?: readonly NodeShape[];
  /** Event time-to-live in simulated ms (default one hour). */
  eventTtlMs?: number;
  /** Pod logs to serve instead of the kubelet model's (tests with controllers off). */
  podLogs?: PodLogSource;
}

export interface Simulator {
  readonly store: InMemoryObjectStore;
  readonly clock: SimClock;
  /** The controllers' random stream (the store has its own, derived from the same seed). */
  readonly rng: SeededRandom;
  /** `http://127.0.0.1:<port>`; available after `start()`. */
  readonly url: string;
  /** Absolute path of the written kubeconfig, or "" when none is written. */
  readonly kubeconfigPath: string;
  /** The running controllers (after `start()`, when enabled). */
  readonly controllers: RunningControllers | undefined;
  /** Serve extra routes beside the Kubernetes API (e.g. the demo shop's /metrics and control API). */
  mountHandler(handler: ExtraRequestHandler | undefined): void;
  /** The Node HTTP server (after `start()`), e.g. to observe requests in benchmarks. */
  readonly httpServer: Server | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Derives an independent seed for a sub-stream, so components do not perturb each other's sequences. */
function deriveSeed(seed: number, stream: number): number {
  let x = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Builds a simulator with a bootstrapped cluster (namespaces, nodes); `start()` serves it. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const seed = options.seed ?? 1;
  const ownsClock = !(options.clock instanceof SimClock);
  const clock = options.clock instanceof SimClock ? options.clock : new SimClock(options.clock ?? {});
  const rng = new SeededRandom(seed);
  const store = new InMemoryObjectStore({ clock, rng: new SeededRandom(deriveSeed(seed, 1)) });
  bootstrapCluster({ store, clock, rng: new SeededRandom(deriveSeed(seed, 2)), ...(options.nodes ? { nodes: options.nodes } : {}) });
  const host = options.host ?? "127.0.0.1";
  const kubeconfigPath = options.kubeconfigPath === false ? "" : resolve(options.kubeconfigPath ?? DEFAULT_KUBECONFIG_PATH);

  let controllers: RunningControllers | undefined;
  let stopEventTtl: (() => void) | undefined;
  let server: ApiServer | undefined;
  let url = "";
  let extraHandler: ExtraRequestHandler | undefined;

  return {
    store,
    clock,
    rng,
    kubeconfigPath,
    get url() {
      if (!url) throw new Error("the simulator is not started: call start() first");
      return url;
    },
    get controllers() {
      return controllers;
    },
    get httpServer() {
      return server?.server;
    },
    mountHandler(handler) {
      extraHandler = handler;
    },
    async start() {
      if (server) throw new Error("the simulator is already started");
      if (options.controllers !== false) controllers = startControllers({ store, clock, rng });
      stopEventTtl = startEventTtl({ store, clock, ...(options.eventTtlMs !== undefined ? { ttlMs: options.eventTtlMs } : {}) });
      server = createApiServer({ store, clock, podLogs: () => options.podLogs ?? controllers?.podLogs, extraHandler: () => extraHandler });
      const port = await server.listen({ host, port: options.port ?? 0 });
      url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
      if (kubeconfigPath) await writeSimKubeconfig(kubeconfigPath, url);
    },
    async stop() {
      controllers?.stop();
      controllers = undefined;
      stopEventTtl?.();
      stopEventTtl = undefined;
      await server?.close();
      server = undefined;
      url = "";
      if (ownsClock) clock.stop();
    },
  };
}
