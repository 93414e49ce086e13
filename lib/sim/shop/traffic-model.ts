/**
 * The shop under load, simulated in aggregate once per tick: user requests enter at the
 * frontend and fan out along the call graph. Every hop is routed through the live objects
 * (`routing.ts`), so faults are never named here: a Service without endpoints, a NetworkPolicy,
 * a partition or a revoked database role shows up as failed or slow calls at the callers, which
 * propagate up the graph as errors and latency.
 *
 * Two passes per tick: top-down, arrival rates per pod (who actually receives calls); bottom-up,
 * each service's error ratio and latency mixture from its own CPU queueing and its callees'.
 */
import type { Container, Pod } from "../controllers/api-types";
import { parseCpuMillis } from "../quantity";
import type { SeededRandom } from "../rng";
import type { K8sObject, ResourceKey } from "../types";
import type { ContainerUsage, ContainerUsageContext, PodResourceModel } from "../kubelet/resource-model";
import { resolveContainerEnv } from "../kubelet/container-config";
import type { ConfigMap, Secret } from "../controllers/api-types";
import { AppLogWriter, type LogSink } from "./app-logs";
import { buildClusterView, type ClusterView, type ScanningStore } from "./cluster-view";
import { answerDatabaseRequest, type DatabaseAnswer } from "./database-access";
import { DEFAULT_SIGMA, type LatencyComponent } from "./latency";
import { LoadProfile } from "./load-profile";
import { NetworkChaosModel } from "./network-chaos";
import type { NetworkPeer } from "./network-policy";
import { connectEndpoint, resolveAddress, type AddressResolution, type ConnectAnswer, type TransportFailure } from "./routing";
import { StressChaosModel } from "./stress-chaos";
import { APP_LABEL, ENTRY_SERVICE, SHOP_NAMESPACE, SHOP_SERVICES, shopService, type ShopDependency, type ShopService } from "./topology";

/** Simulated time between two traffic ticks. */
export const TRAFFIC_TICK_MS = 1000;
/** Deadline the shop's services put on calls to each other, in seconds. */
export const CALL_TIMEOUT_SECONDS = 3;
/** Name of the external client sending user traffic (as in the OpenTelemetry demo). */
export const LOAD_GENERATOR = "loadgenerator";
/** Share of requests that fail for no infrastructure reason (bugs, bad input): real services are never at zero. */
const BACKGROUND_ERROR_RATIO = 0.0005;
/** CPU utilisation above which queueing is capped (the rest is overload). */
const MAX_UTILISATION = 0.95;
/** Idle CPU of a shop process, in millicores (the image baseline). */
const IDLE_CPU_MILLICORES = 5;
/** Seconds a process takes to grow its heap to the working size after start. */
const HEAP_WARMUP_SECONDS = 60;

/** How a client-side call ended, the `outcome` label of `http_client_requests_total`. */
export type CallOutcome = "success" | "server_error" | TransportFailure;
export const CALL_OUTCOMES: readonly CallOutcome[] = ["success", "server_error", "connection_refused", "timeout", "dns_error"];

/** One service's traffic during a tick (rates in requests per second). */
export interface ServiceTraffic {
  service: string;
  /** Requests that reached the service's pods. */
  arrivalsPerSecond: number;
  /** Requests by HTTP status code (data stores report 401/403 for rejected clients). */
  byCode: Map<string, number>;
  latency: LatencyComponent[];
}

/** Calls along one edge of the graph during a tick (calls per second by outcome). */
export interface EdgeTraffic {
  from: string;
  to: string;
  byOutcome: Record<CallOutcome, number>;
}

/** Everything one tick produced, for telemetry. */
export interface TrafficSnapshot {
  atMs: number;
  dtSeconds: number;
  userRequestsPerSecond: number;
  services: ServiceTraffic[];
  edges: EdgeTraffic[];
}

/** The kubelet services the model uses. */
export interface TrafficKubelet {
  connect(ip: string, port: number): ConnectAnswer;
  appendLog: LogSink;
}

/** Reads stored objects without copying (`InMemoryObjectStore`). */
export interface TrafficStore extends ScanningStore {
  peek(resource: ResourceKey, namespace: string | null, name: string): K8sObject | undefined;
}

/** Options of `TrafficModel`. */
export interface TrafficModelOptions {
  store: TrafficStore;
  kubelet: TrafficKubelet;
  rng: SeededRandom;
  /** User requests per second at the daily peak (default 40). */
  peakRps?: number;
}

interface ServiceResult {
  errorRatio: number;
  /** Share of requests that hang until a deadline, and how long they take. */
  slowWeight: number;
  slowSeconds: number;
  shiftSeconds: number;
  medianSeconds: number;
}

const HEALTHY: ServiceResult = { errorRatio: 0, slowWeight: 0, slowSeconds: 0, shiftSeconds: 0, medianSeconds: 0.002 };

interface EdgeAccumulator {
  from: string;
  to: string;
  dependency: ShopDependency;
  attempts: number;
  failures: Record<TransportFailure, number>;
  delivered: number;
  delayWeighted: number;
  /** Database clients: calls the database rejected, timed out, or answered slowly. */
  rejected: number;
  databaseTimeouts: number;
  databaseTimeoutSeconds: number;
  databaseDelayWeighted: number;
  /** Last error message per caller pod (for its logs). */
  errors: Map<string, string>;
}

function emptyOutcomes(): Record<CallOutcome, number> {
  return { success: 0, server_error: 0, connection_refused: 0, timeout: 0, dns_error: 0 };
}

function add<K>(map: Map<K, number>, key: K, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function mainContainer(pod: Pod): Container | undefined {
  return pod.spec.containers[0];
}

/** M/M/1-style stretch of service time at utilisation rho. */
function queueFactor(rho: number): number {
  return 1 / (1 - Math.min(MAX_UTILISATION, Math.max(0, rho)));
}

/** The shop's traffic, telemetry source and resource model. */
export class TrafficModel implements PodResourceModel {
  private readonly profile: LoadProfile;
  private readonly logs: AppLogWriter;
  /** Environment of running containers as the kubelet started them, by pod UID. */
  private readonly capturedEnv = new Map<string, Readonly<Record<string, string>>>();
  /** Environment resolved from the pod spec when the kubelet has not reported it yet. */
  private readonly resolvedEnv = new Map<string, Readonly<Record<string, string>>>();
  /** Requests per second each pod (`namespace/name`) served last tick. */
  private podLoad = new Map<string, number>();
  private stress: StressChaosModel | undefined;
  private view: ClusterView | undefined;
  private lastSnapshot: TrafficSnapshot | undefined;

  constructor(private readonly options: TrafficModelOptions) {
    this.profile = new LoadProfile({ peakRps: options.peakRps ?? 40, rng: options.rng });
    this.logs = new AppLogWriter((namespace, pod, container, text) => options.kubelet.appendLog(namespace, pod, container, text), options.rng);
  }

  /** The latest tick's result. */
  get snapshot(): TrafficSnapshot | undefined {
    return this.lastSnapshot;
  }

  // ---- resource model (called by the kubelet for every running container) -----------------

  extraUsage(context: ContainerUsageContext): Partial<ContainerUsage> | undefined {
    if (context.namespace !== SHOP_NAMESPACE) return undefined;
    const service = shopService(context.podLabels[APP_LABEL] ?? "");
    if (!service) return undefined;
    this.capturedEnv.set(context.podUid, context.env);
    const pod = this.view?.pods.get(context.pod);
    const index = pod ? pod.spec.containers.findIndex((c) => c.name === context.container) : 0;
    if (index !== 0) return undefined;
    const ageSeconds = Math.max(0, (context.nowMs - context.startedAtMs) / 1000);
    const rps = this.podLoad.get(`${context.namespace}/${context.pod}`) ?? 0;
    const heap = service.heapMiB * Math.min(1, ageSeconds / HEAP_WARMUP_SECONDS);
    const stress = this.stress?.effect(`${context.namespace}/${context.pod}`, context.container, index, context.limits.memoryBytes, context.nowMs);
    return {
      memoryBytes: (heap + rps * service.memoryMiBPerRps) * 2 ** 20 + (stress?.memoryBytes ?? 0),
      cpuMillicores: rps * service.cpuMsPerRequest + (stress?.cpuMillicores ?? 0),
    };
  }

  // ---- one tick ----------------------------------------------------------------------------

  /** Simulate `dtSeconds` of traffic ending at `nowMs`. */
  tick(nowMs: number, dtSeconds: number): TrafficSnapshot {
    const view = buildClusterView(this.options.store, SHOP_NAMESPACE, nowMs);
    this.view = view;
    const pods = [...view.pods.values()];
    const chaos = new NetworkChaosModel(view.networkChaos, pods, nowMs);
    this.stress = new StressChaosModel(view.stressChaos, pods, nowMs);
    this.pruneEnv(view);

    const arrivals = new Map<string, Map<string, number>>();
    const databaseCodes = new Map<string, Map<string, number>>();
    const databaseLogs = new Map<string, string>();
    const edges = new Map<string, EdgeAccumulator>();
    const resolutions = new Map<string, AddressResolution>();
    const databaseAnswers = new Map<string, DatabaseAnswer>();

    const edgeFor = (from: string, dependency: ShopDependency): EdgeAccumulator => {
      const key = `${from}>${dependency.to}`;
      let edge = edges.get(key);
      if (!edge) {
        edge = { from, to: dependency.to, dependency, attempts: 0, failures: { connection_refused: 0, timeout: 0, dns_error: 0 }, delivered: 0, delayWeighted: 0, rejected: 0, databaseTimeouts: 0, databaseTimeoutSeconds: 0, databaseDelayWeighted: 0, errors: new Map() };
        edges.set(key, edge);
      }
      return edge;
    };

    const route = (edge: EdgeAccumulator, source: NetworkPeer, sourceEnv: Readonly<Record<string, string>>, address: string, calls: number): void => {
      edge.attempts += calls;
      const callerName = source.pod?.metadata.name ?? LOAD_GENERATOR;
      let resolution = resolutions.get(address);
      if (!resolution) {
        resolution = resolveAddress(view, address);
        resolutions.set(address, resolution);
      }
      if (resolution.kind === "failed") {
        edge.failures[resolution.failure] += calls;
        edge.errors.set(callerName, resolution.message);
        return;
      }
      const share = calls / resolution.endpoints.length;
      const dialed = `${resolution.clusterIP}:${resolution.port}`;
      for (const endpoint of resolution.endpoints) {
        const outcome = connectEndpoint({ view, chaos, connect: (ip, port) => this.options.kubelet.connect(ip, port), source, endpoint, dialed, timeoutSeconds: CALL_TIMEOUT_SECONDS });
        if (outcome.failed > 0 && outcome.failure) {
          edge.failures[outcome.failure] += share * outcome.failed;
          if (outcome.message) edge.errors.set(callerName, outcome.message);
        }
        const delivered = share * outcome.delivered;
        if (delivered <= 0 || !endpoint.pod) continue;
        edge.delivered += delivered;
        edge.delayWeighted += delivered * outcome.delaySeconds;
        const calleeApp = endpoint.pod.metadata.labels?.[APP_LABEL] ?? "";
        let podArrivals = arrivals.get(calleeApp);
        if (!podArrivals) arrivals.set(calleeApp, (podArrivals = new Map()));
        add(podArrivals, endpoint.pod.metadata.name, delivered);
        if (shopService(calleeApp)?.kind !== "database") continue;
        const answerKey = `${callerName}>${endpoint.pod.metadata.name}`;
        let answer = databaseAnswers.get(answerKey);
        if (!answer) {
          answer = answerDatabaseRequest({
            databaseService: calleeApp,
            clientEnv: sourceEnv,
            databaseEnv: this.envOf(endpoint.pod),
            clientIp: source.ip,
            collection: shopService(edge.from)?.collection ?? "products",
            faults: view.databaseFaults,
            nowMs,
          });
          databaseAnswers.set(answerKey, answer);
        }
        let codes = databaseCodes.get(calleeApp);
        if (!codes) databaseCodes.set(calleeApp, (codes = new Map()));
        if (answer.kind === "rejected") {
          edge.rejected += delivered;
          edge.errors.set(callerName, answer.clientError);
          add(codes, answer.code, delivered);
          databaseLogs.set(endpoint.pod.metadata.name, answer.serverLog);
        } else if (answer.kind === "timeout") {
          edge.databaseTimeouts += delivered;
          edge.databaseTimeoutSeconds = Math.max(edge.databaseTimeoutSeconds, answer.afterSeconds);
          edge.errors.set(callerName, answer.clientError);
          add(codes, "504", delivered);
        } else {
          edge.databaseDelayWeighted += delivered * answer.extraLatencySeconds;
          add(codes, "200", delivered);
        }
      }
    };

    // Pass 1, top-down: who receives how many calls.
    const userRps = this.profile.sampleRps(nowMs);
    const entry = shopService(ENTRY_SERVICE)!;
    const usersEdge = edgeFor(LOAD_GENERATOR, { to: ENTRY_SERVICE, addressEnv: "", callsPerRequest: 1, critical: true });
    route(usersEdge, { pod: undefined, namespace: undefined, ip: "192.168.49.1" }, {}, `${entry.name}:${entry.port}`, userRps);
    for (const service of SHOP_SERVICES) {
      const podArrivals = arrivals.get(service.name);
      if (!podArrivals || service.dependencies.length === 0) continue;
      for (const [podName, rps] of podArrivals) {
        const pod = view.pods.get(podName);
        if (!pod) continue;
        const env = this.envOf(pod);
        const source: NetworkPeer = { pod, namespace: SHOP_NAMESPACE, ip: pod.status?.podIP ?? "" };
        for (const dependency of service.dependencies) {
          const port = shopService(dependency.to)?.port ?? 8080;
          route(edgeFor(service.name, dependency), source, env, env[dependency.addressEnv] ?? `${dependency.to}:${port}`, rps * dependency.callsPerRequest);
        }
      }
    }

    // Pass 2, bottom-up: what each service answers, and how fast.
    const results = new Map<string, ServiceResult>();
    const traffic: ServiceTraffic[] = [];
    const podLoad = new Map<string, number>();
    for (let i = SHOP_SERVICES.length - 1; i >= 0; i--) {
      const service = SHOP_SERVICES[i]!;
      const podArrivals = arrivals.get(service.name) ?? new Map<string, number>();
      for (const [podName, rps] of podArrivals) podLoad.set(`${SHOP_NAMESPACE}/${podName}`, rps);
      const { result, byCode, latency } = this.serviceOutcome(service, view, podArrivals, edges, results, databaseCodes.get(service.name), nowMs);
      results.set(service.name, result);
      let total = 0;
      for (const rps of podArrivals.values()) total += rps;
      traffic.push({ service: service.name, arrivalsPerSecond: total, byCode, latency });
    }
    this.podLoad = podLoad;

    const edgeTraffic: EdgeTraffic[] = [];
    for (const edge of edges.values()) {
      const callee = results.get(edge.to) ?? HEALTHY;
      const database = shopService(edge.to)?.kind === "database";
      const serverErrors = database ? edge.rejected : edge.delivered * callee.errorRatio;
      const byOutcome = emptyOutcomes();
      byOutcome.connection_refused = edge.failures.connection_refused;
      byOutcome.dns_error = edge.failures.dns_error;
      byOutcome.timeout = edge.failures.timeout + edge.databaseTimeouts;
      byOutcome.server_error = serverErrors;
      byOutcome.success = Math.max(0, edge.delivered - serverErrors - edge.databaseTimeouts);
      edgeTraffic.push({ from: edge.from, to: edge.to, byOutcome });
    }

    this.writeLogs(view, arrivals, edges, results, databaseLogs, dtSeconds);
    const snapshot: TrafficSnapshot = { atMs: nowMs, dtSeconds, userRequestsPerSecond: userRps, services: traffic.reverse(), edges: edgeTraffic };
    this.lastSnapshot = snapshot;
    return snapshot;
  }

  private serviceOutcome(
    service: ShopService,
    view: ClusterView,
    podArrivals: Map<string, number>,
    edges: Map<string, EdgeAccumulator>,
    results: Map<string, ServiceResult>,
    databaseCodes: Map<string, number> | undefined,
    nowMs: number,
  ): { result: ServiceResult; byCode: Map<string, number>; latency: LatencyComponent[] } {
    let total = 0;
    let stretch = 0;
    let overload = 0;
    for (const [podName, rps] of podArrivals) {
      total += rps;
      const pod = view.pods.get(podName);
      const container = pod ? mainContainer(pod) : undefined;
      const limit = container?.resources?.limits?.cpu !== undefined ? parseCpuMillis(container.resources.limits.cpu) : 4000;
      const stress = pod && container ? (this.stress?.effect(`${SHOP_NAMESPACE}/${podName}`, container.name, 0, undefined, nowMs).cpuMillicores ?? 0) : 0;
      const rho = (IDLE_CPU_MILLICORES + rps * service.cpuMsPerRequest + stress) / Math.max(1, limit);
      stretch += rps * queueFactor(rho);
      overload += rps * Math.max(0, 1 - 1 / Math.max(rho, 1e-9));
    }
    const factor = total > 0 ? stretch / total : 1;
    const overloadRatio = total > 0 ? overload / total : 0;
    const ownMedian = (service.serviceTimeMs / 1000) * factor;

    let survive = 1;
    let shift = 0;
    let downstreamMedian = 0;
    let slowWeight = 0;
    let slowSeconds = 0;
    const failureCodes = new Map<string, number>();
    for (const dependency of service.dependencies) {
      const edge = edges.get(`${service.name}>${dependency.to}`);
      if (!edge || edge.attempts <= 0) continue;
      const callee = results.get(dependency.to) ?? HEALTHY;
      const database = shopService(dependency.to)?.kind === "database";
      const attempts = edge.attempts;
      const refused = (edge.failures.connection_refused + edge.failures.dns_error) / attempts;
      const timedOut = (edge.failures.timeout + edge.databaseTimeouts) / attempts;
      const delivered = edge.delivered / attempts;
      const serverError = database ? edge.rejected / attempts : delivered * callee.errorRatio;
      const failed = Math.min(1, refused + timedOut + serverError);
      const k = dependency.callsPerRequest;
      const requestFails = k <= 1 ? k * failed : 1 - (1 - failed) ** k;
      const hangs = Math.min(1, timedOut + delivered * callee.slowWeight);
      slowWeight += Math.min(1, k) * hangs;
      if (hangs > 0) slowSeconds = Math.max(slowSeconds, edge.databaseTimeouts > 0 ? edge.databaseTimeoutSeconds : CALL_TIMEOUT_SECONDS);
      const delay = edge.delivered > 0 ? (edge.delayWeighted + edge.databaseDelayWeighted) / edge.delivered : 0;
      shift += k * (delay + callee.shiftSeconds);
      downstreamMedian += k * callee.medianSeconds;
      if (!dependency.critical || failed <= 0) continue;
      survive *= 1 - requestFails;
      if (failed > 0) {
        add(failureCodes, "504", (requestFails * timedOut) / failed);
        add(failureCodes, "503", (requestFails * refused) / failed);
        add(failureCodes, "500", (requestFails * serverError) / failed);
      }
    }
    slowWeight = Math.min(1, slowWeight + overloadRatio);
    const own = 1 - (1 - BACKGROUND_ERROR_RATIO) * (1 - overloadRatio);
    const errorRatio = 1 - (1 - own) * survive;
    const byCode = new Map<string, number>();
    if (databaseCodes) {
      for (const [code, rps] of databaseCodes) byCode.set(code, rps);
    } else if (total > 0) {
      byCode.set("200", total * (1 - errorRatio));
      // Requests a dependency failed, by how it failed; then the service's own failures among the rest.
      const dependencyShare = [...failureCodes.values()].reduce((a, b) => a + b, 0);
      if (dependencyShare > 0) {
        for (const [code, share] of failureCodes) add(byCode, code, (total * (1 - survive) * share) / dependencyShare);
      }
      const ownFailures = total * survive * own;
      const overloadShare = own > 0 ? overloadRatio / own : 0;
      add(byCode, "503", ownFailures * overloadShare);
      add(byCode, "500", ownFailures * (1 - overloadShare));
    }
    const fastMedian = ownMedian + downstreamMedian;
    const hangSeconds = (slowSeconds || CALL_TIMEOUT_SECONDS) + ownMedian;
    const latency: LatencyComponent[] = [{ weight: 1 - slowWeight, shiftSeconds: shift, medianSeconds: fastMedian, sigma: DEFAULT_SIGMA }];
    if (slowWeight > 0) latency.push({ weight: slowWeight, shiftSeconds: hangSeconds, medianSeconds: ownMedian, sigma: 0.2 });
    return { result: { errorRatio, slowWeight, slowSeconds: hangSeconds, shiftSeconds: shift, medianSeconds: fastMedian }, byCode, latency };
  }

  private writeLogs(view: ClusterView, arrivals: Map<string, Map<string, number>>, edges: Map<string, EdgeAccumulator>, results: Map<string, ServiceResult>, databaseLogs: Map<string, string>, dtSeconds: number): void {
    for (const service of SHOP_SERVICES) {
      if (service.kind !== "app") continue;
      const result = results.get(service.name) ?? HEALTHY;
      for (const [podName, rps] of arrivals.get(service.name) ?? []) {
        const pod = view.pods.get(podName);
        const container = pod ? mainContainer(pod)?.name : undefined;
        if (!container || rps <= 0) continue;
        const base = { namespace: SHOP_NAMESPACE, pod: podName, container, service: service.name, dtSeconds };
        const failedNow = this.options.rng.next() < result.errorRatio;
        this.logs.request({ ...base, status: failedNow ? 503 : 200, durationSeconds: result.medianSeconds + result.shiftSeconds });
        for (const dependency of service.dependencies) {
          const edge = edges.get(`${service.name}>${dependency.to}`);
          if (!edge) continue;
          let error = edge.errors.get(podName);
          const callee = results.get(dependency.to);
          if (!error && callee && callee.errorRatio > 0.01 && shopService(dependency.to)?.kind === "app") {
            error = `rpc error: code = Unavailable desc = ${dependency.to} responded 503 Service Unavailable`;
          }
          if (error) this.logs.dependencyError({ ...base, dependency: dependency.to, error });
        }
      }
    }
    for (const [podName, line] of databaseLogs) {
      const pod = view.pods.get(podName);
      const container = pod ? mainContainer(pod)?.name : undefined;
      if (container) this.logs.raw({ namespace: SHOP_NAMESPACE, pod: podName, container, text: line, dtSeconds });
    }
  }

  /** The environment a pod's main container runs with. */
  private envOf(pod: Pod): Readonly<Record<string, string>> {
    const captured = this.capturedEnv.get(pod.metadata.uid);
    if (captured) return captured;
    let resolved = this.resolvedEnv.get(pod.metadata.uid);
    if (!resolved) {
      const container = mainContainer(pod);
      const store = this.options.store;
      const result = container
        ? resolveContainerEnv(pod, container, {
            configMap: (ns, name) => store.peek("configmaps", ns, name) as ConfigMap | undefined,
            secret: (ns, name) => store.peek("secrets", ns, name) as Secret | undefined,
          })
        : undefined;
      resolved = result?.ok ? result.env : {};
      this.resolvedEnv.set(pod.metadata.uid, resolved);
    }
    return resolved;
  }

  private pruneEnv(view: ClusterView): void {
    if (this.capturedEnv.size + this.resolvedEnv.size <= 4 * view.pods.size + 16) return;
    const live = new Set([...view.pods.values()].map((p) => p.metadata.uid));
    for (const map of [this.capturedEnv, this.resolvedEnv]) for (const uid of map.keys()) if (!live.has(uid)) map.delete(uid);
  }
}
