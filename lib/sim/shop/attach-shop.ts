/**
 * Puts the demo shop on a running simulator: installs it through the store, drives its traffic
 * on the simulator's clock, collects telemetry, evaluates alert rules and notifies the app, and
 * builds the control handler the API server serves (`/metrics`, `/sim/v1/...`).
 *
 *   const sim = createSimulator({ ... }); await sim.start();
 *   const shop = attachShop(sim, { webhook: { url, token } });
 *   // api server: if (await shop.controlHandler(req, res)) return;
 *   shop.stop();
 */
import type { SimClock } from "../clock";
import type { RunningControllers } from "../controllers";
import { SeededRandom } from "../rng";
import type { InMemoryObjectStore } from "../store/object-store";
import { Alertmanager, type AlertmanagerOptions } from "../alerting/alertmanager";
import { RuleEvaluator } from "../alerting/rule-evaluator";
import { ALERT_RULES } from "../alerting/rules";
import { createControlHandler } from "../control/http-handler";
import { ScenarioRunner } from "../scenarios/scenario-runner";
import { TelemetryCollector } from "../telemetry/collector";
import { renderExposition } from "../telemetry/exposition";
import { TelemetryQuery } from "../telemetry/query";
import { SAMPLE_CAPACITY, SAMPLE_INTERVAL_MS, SampleRing } from "../telemetry/sample-ring";
import { installShop } from "./install";
import { SHOP_NAMESPACE, SHOP_SERVICES } from "./topology";
import { TRAFFIC_TICK_MS, TrafficModel } from "./traffic-model";

/** What `attachShop` needs from a simulator (`Simulator` after `start()` fits). */
export interface ShopHost {
  store: InMemoryObjectStore;
  clock: SimClock;
  controllers: RunningControllers | undefined;
}

/** Options of `attachShop`. */
export interface AttachShopOptions {
  /** Seed of traffic noise and log sampling (default 1). */
  seed?: number;
  /** User requests per second at the daily peak (default 40). */
  peakRps?: number;
  /** Where alert notifications go (Alertmanager webhook receiver). */
  webhook?: { url: string; token?: string | (() => string) };
  /** Alertmanager timing and identity overrides. */
  alertmanager?: Omit<AlertmanagerOptions, "clock" | "webhookUrl" | "bearerToken">;
  /** Base URL of the simulated Prometheus, for alerts' generatorURL. */
  prometheusURL?: string;
  /** Samples kept (default two hours at 10 s). */
  sampleCapacity?: number;
}

/** A running shop. */
export interface AttachedShop {
  /** Serve it before Kubernetes routing; resolves false when the request is not for it. */
  controlHandler: ReturnType<typeof createControlHandler>;
  traffic: TrafficModel;
  telemetry: TelemetryCollector;
  query: TelemetryQuery;
  ring: SampleRing;
  rules: RuleEvaluator;
  alertmanager: Alertmanager;
  scenarios: ScenarioRunner;
  /** Prometheus text exposition now. */
  exposition(): string;
  /** Status summary (also `GET /sim/v1/status`). */
  status(): ShopStatus;
  stop(): void;
}

/** `GET /sim/v1/status` document. */
export interface ShopStatus {
  now: string;
  clock: { mode: string; speed: number };
  namespace: string;
  userRequestsPerSecond: number;
  services: { name: string; requestRate: number | null; errorRatio: number | null; latencyP99: number | null; availability: number | null }[];
  alerts: { alertname: string; service: string; state: string; since: string }[];
  scenarios: ReturnType<ScenarioRunner["history"]>;
  notifications: ReturnType<Alertmanager["deliveryLog"]>;
  telemetry: { samples: number; series: number; oldest: string | null };
}

/** Install the shop and start its traffic, telemetry and alerting on the host's clock. */
export function attachShop(host: ShopHost, options: AttachShopOptions = {}): AttachedShop {
  const controllers = host.controllers;
  if (!controllers) throw new Error("attachShop needs running controllers: call sim.start() first (with controllers enabled)");
  const { store, clock } = host;
  installShop(store);
  controllers.reconcileNow();

  const traffic = new TrafficModel({ store, kubelet: controllers.kubelet, rng: new SeededRandom(options.seed ?? 1), ...(options.peakRps !== undefined ? { peakRps: options.peakRps } : {}) });
  controllers.kubelet.setResourceModel(traffic);
  const telemetry = new TelemetryCollector(store, controllers.kubelet);
  const ring = new SampleRing(options.sampleCapacity ?? SAMPLE_CAPACITY);
  const query = new TelemetryQuery(ring);
  const rules = new RuleEvaluator({ rules: ALERT_RULES, prometheusURL: options.prometheusURL ?? "http://sim-prometheus.monitoring.svc:9090" });
  const alertmanager = new Alertmanager({
    clock,
    ...(options.alertmanager ?? {}),
    ...(options.webhook ? { webhookUrl: options.webhook.url, ...(options.webhook.token ? { bearerToken: options.webhook.token } : {}) } : {}),
  });
  const scenarios = new ScenarioRunner(store, clock, () => controllers.reconcileNow());

  let lastTickMs = clock.nowMs();
  let nextSampleMs = Math.ceil(lastTickMs / SAMPLE_INTERVAL_MS) * SAMPLE_INTERVAL_MS;
  const tick = (): void => {
    const now = clock.nowMs();
    const dtSeconds = Math.max(0, (now - lastTickMs) / 1000);
    lastTickMs = now;
    try {
      telemetry.observeTraffic(traffic.tick(now, dtSeconds));
      telemetry.observeCluster(dtSeconds);
      if (now >= nextSampleMs) {
        // Samples sit on a fixed 10 s grid; rules are evaluated right after each one.
        ring.record(now, telemetry.registry);
        nextSampleMs = Math.floor(now / SAMPLE_INTERVAL_MS) * SAMPLE_INTERVAL_MS + SAMPLE_INTERVAL_MS;
        alertmanager.receive(rules.evaluate({ query, namespace: SHOP_NAMESPACE, atMs: now }));
      }
    } catch (error) {
      // The demo must keep running: report and carry on at the next tick.
      console.error("[sim-shop] traffic tick failed:", error);
    }
  };
  const timer = clock.setInterval(tick, TRAFFIC_TICK_MS);

  const exposition = () => renderExposition(telemetry.registry);
  const status = (): ShopStatus => {
    const now = clock.nowMs();
    const at = ring.latestMs ?? now;
    const value = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
    return {
      now: clock.now().toISOString(),
      clock: { mode: clock.clockMode, speed: clock.speed },
      namespace: SHOP_NAMESPACE,
      userRequestsPerSecond: traffic.snapshot?.userRequestsPerSecond ?? 0,
      services: SHOP_SERVICES.map((s) => ({
        name: s.name,
        requestRate: value(query.serviceValue(SHOP_NAMESPACE, s.name, "request_rate", at)),
        errorRatio: value(query.serviceValue(SHOP_NAMESPACE, s.name, "error_ratio", at)),
        latencyP99: value(query.serviceValue(SHOP_NAMESPACE, s.name, "latency_p99", at)),
        availability: value(query.serviceValue(SHOP_NAMESPACE, s.name, "availability", at)),
      })),
      alerts: rules.alerts().map((a) => ({ alertname: a.labels.alertname ?? "", service: a.labels.service ?? "", state: a.state, since: new Date(a.activeAtMs).toISOString() })),
      scenarios: scenarios.history(),
      notifications: alertmanager.deliveryLog().slice(-20),
      telemetry: { samples: Math.min(ring.sampleCount, ring.capacity), series: ring.seriesCount, oldest: ring.oldestMs !== undefined ? new Date(ring.oldestMs).toISOString() : null },
    };
  };
  const controlHandler = createControlHandler({ clock, exposition, query, scenarios, status });

  return {
    controlHandler,
    traffic,
    telemetry,
    query,
    ring,
    rules,
    alertmanager,
    scenarios,
    exposition,
    status,
    stop() {
      clock.clearTimer(timer);
      alertmanager.stop();
      controllers.kubelet.setResourceModel(undefined);
    },
  };
}
