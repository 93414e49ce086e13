/**
 * A shop on a manual-clock test cluster with a real local webhook receiver, for scenario tests:
 * move time in 10 s steps (awaiting notification delivery after each), read what the receiver
 * got, and check health the way an operator would.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Pod } from "../../controllers/api-types";
import { createTestCluster, type TestCluster } from "../../controllers/testing/sim-cluster";
import { attachShop, type AttachedShop } from "../../shop/attach-shop";
import { SHOP_NAMESPACE, SHOP_SERVICES } from "../../shop/topology";
import type { WebhookPayload } from "../../alerting/webhook-payload";

/** Token the test receiver expects. */
export const TEST_WEBHOOK_TOKEN = "test-token-7f3a";

/** A real HTTP server collecting Alertmanager webhooks. */
export interface WebhookReceiver {
  url: string;
  payloads: WebhookPayload[];
  /** Requests refused for a bad or missing token. */
  unauthorized: number;
  close(): Promise<void>;
}

/** Start a receiver on a free loopback port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: "", payloads: [], unauthorized: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.headers.authorization !== `Bearer ${TEST_WEBHOOK_TOKEN}`) {
        receiver.unauthorized++;
        res.writeHead(401).end();
        return;
      }
      receiver.payloads.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as WebhookPayload);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/alertmanager`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

/** A running shop under test. */
export interface ShopHarness {
  cluster: TestCluster;
  shop: AttachedShop;
  receiver: WebhookReceiver;
  /** Waiting/terminated reasons seen per service while time moved (e.g. "currency" -> {"ImagePullBackOff"}). */
  podReasons: Map<string, Set<string>>;
  advance(seconds: number): Promise<void>;
  /** Advance until `done()` (checked every 10 s); returns the simulated seconds it took, or throws. */
  advanceUntil(done: () => boolean, maxSeconds: number, what: string): Promise<number>;
  /** `alertname/service` of alerts delivered firing (since the receiver was last cleared). */
  deliveredFiring(): Set<string>;
  /** `alertname/service` of alerts delivered resolved. */
  deliveredResolved(): Set<string>;
  /** Every Deployment available at its desired size, every pod ready, no alert pending or firing. */
  healthy(): boolean;
  /** Why `healthy()` is false, for failure messages. */
  unhealthyReasons(): string[];
  /** Concatenated logs of the current pods of a service. */
  logsOf(service: string): string;
  stop(): void;
}

/** Fast Alertmanager timing for tests (real defaults: 30s / 5m). */
const TEST_GROUP_WAIT_MS = 10_000;
const TEST_GROUP_INTERVAL_MS = 30_000;

/** Install the shop on a fresh cluster and let it settle for `warmupSeconds`. */
export async function createShopHarness(receiver: WebhookReceiver, options: { seed?: number; warmupSeconds?: number } = {}): Promise<ShopHarness> {
  const cluster = createTestCluster(options.seed ?? 7);
  const shop = attachShop(cluster, {
    seed: options.seed ?? 7,
    webhook: { url: receiver.url, token: TEST_WEBHOOK_TOKEN },
    alertmanager: { groupWaitMs: TEST_GROUP_WAIT_MS, groupIntervalMs: TEST_GROUP_INTERVAL_MS },
  });
  const podReasons = new Map<string, Set<string>>();
  const observe = () => {
    for (const pod of cluster.store.scan("pods", SHOP_NAMESPACE).items as Pod[]) {
      const service = pod.metadata.labels?.app ?? "";
      for (const status of pod.status?.containerStatuses ?? []) {
        for (const reason of [status.state?.waiting?.reason, status.state?.terminated?.reason, status.lastState?.terminated?.reason]) {
          if (!reason) continue;
          let set = podReasons.get(service);
          if (!set) podReasons.set(service, (set = new Set()));
          set.add(reason);
        }
      }
    }
  };
  const collect = (status: "firing" | "resolved") => {
    const out = new Set<string>();
    for (const payload of receiver.payloads) for (const alert of payload.alerts) if (alert.status === status) out.add(`${alert.labels.alertname}/${alert.labels.service}`);
    return out;
  };
  const unhealthyReasons = (): string[] => {
    const reasons: string[] = [];
    for (const service of SHOP_SERVICES) {
      const deployment = cluster.deployment(SHOP_NAMESPACE, service.name);
      const desired = deployment.spec.replicas ?? 1;
      if ((deployment.status?.availableReplicas ?? 0) !== desired || (deployment.status?.updatedReplicas ?? 0) !== desired) reasons.push(`deployment ${service.name} not rolled out`);
    }
    for (const pod of cluster.pods(SHOP_NAMESPACE)) {
      if (pod.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True") reasons.push(`pod ${pod.metadata.name} not ready`);
    }
    for (const alert of shop.rules.alerts()) reasons.push(`alert ${alert.labels.alertname}/${alert.labels.service} ${alert.state}`);
    return reasons;
  };
  const harness: ShopHarness = {
    cluster,
    shop,
    receiver,
    podReasons,
    async advance(seconds) {
      for (let done = 0; done < seconds; done += 10) {
        cluster.advance(Math.min(10, seconds - done));
        observe();
        await shop.alertmanager.idle();
      }
    },
    async advanceUntil(done, maxSeconds, what) {
      for (let elapsed = 0; elapsed <= maxSeconds; elapsed += 10) {
        if (done()) return elapsed;
        await harness.advance(10);
      }
      throw new Error(`${what}: not reached within ${maxSeconds}s of simulated time`);
    },
    deliveredFiring: () => collect("firing"),
    deliveredResolved: () => collect("resolved"),
    healthy: () => unhealthyReasons().length === 0,
    unhealthyReasons,
    logsOf(service) {
      return cluster
        .pods(SHOP_NAMESPACE, { app: service })
        .map((pod) => {
          try {
            return cluster.controllers.podLogs.read(SHOP_NAMESPACE, pod.metadata.name, {});
          } catch {
            return "";
          }
        })
        .join("\n");
    },
    stop() {
      shop.stop();
      cluster.stop();
    },
  };
  await harness.advance(options.warmupSeconds ?? 120);
  return harness;
}
