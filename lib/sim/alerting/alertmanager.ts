/**
 * A small Alertmanager on the simulated clock: groups alerts by alertname and namespace, waits
 * `group_wait` before a group's first notification, re-checks every `group_interval`, repeats
 * unchanged notifications after `repeat_interval`, sends resolved notifications, and POSTs them
 * to a webhook receiver in the v4 format with a bearer token. Delivery failures are retried with
 * exponential backoff and never reach the simulation.
 */
import type { SimClock } from "../clock";
import { formatLabelSet } from "./fingerprint";
import type { ActiveAlert } from "./rule-evaluator";
import { buildWebhookPayload, goTime, ZERO_TIME, type WebhookAlert, type WebhookPayload } from "./webhook-payload";

/** Routing and receiver settings (Alertmanager's `route` and `webhook_configs`). */
export interface AlertmanagerOptions {
  clock: SimClock;
  /** Webhook URL; undefined keeps notifications in the log only. */
  webhookUrl?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  bearerToken?: string | (() => string);
  receiver?: string;
  externalURL?: string;
  groupBy?: readonly string[];
  groupWaitMs?: number;
  groupIntervalMs?: number;
  repeatIntervalMs?: number;
  /** `max_alerts` (0 = all). */
  maxAlerts?: number;
  /** Attempts per notification before giving up until the next flush. */
  maxAttempts?: number;
  /** Wall-clock timeout of one POST. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

/** One delivery attempt, for status pages and tests. */
export interface DeliveryRecord {
  atMs: number;
  groupKey: string;
  status: "firing" | "resolved";
  alerts: number;
  attempt: number;
  outcome: "delivered" | "failed" | "skipped";
  httpStatus?: number;
  error?: string;
}

interface AlertGroup {
  key: string;
  labels: Record<string, string>;
  alerts: Map<string, ActiveAlert>;
  timer: number | undefined;
  /** What the last successful notification contained: fingerprint -> status. */
  lastSent: Map<string, string> | undefined;
  lastSentAtMs: number;
}

/** Defaults as the demo runs them: Alertmanager's group_wait and repeat_interval, a shorter group_interval. */
export const ALERTMANAGER_DEFAULTS = {
  receiver: "agentic-sre",
  externalURL: "http://sim-alertmanager.monitoring.svc:9093",
  groupBy: ["alertname", "namespace"],
  groupWaitMs: 30_000,
  groupIntervalMs: 60_000,
  repeatIntervalMs: 4 * 3_600_000,
  maxAttempts: 5,
  requestTimeoutMs: 10_000,
} as const;

const DELIVERY_LOG_SIZE = 100;

/** Groups, throttles and delivers alert notifications. */
export class Alertmanager {
  private readonly groups = new Map<string, AlertGroup>();
  private readonly deliveries: DeliveryRecord[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly settings: Required<Omit<AlertmanagerOptions, "webhookUrl" | "bearerToken" | "fetch" | "clock">>;
  private stopped = false;

  constructor(private readonly options: AlertmanagerOptions) {
    this.settings = {
      receiver: options.receiver ?? ALERTMANAGER_DEFAULTS.receiver,
      externalURL: options.externalURL ?? ALERTMANAGER_DEFAULTS.externalURL,
      groupBy: options.groupBy ?? ALERTMANAGER_DEFAULTS.groupBy,
      groupWaitMs: options.groupWaitMs ?? ALERTMANAGER_DEFAULTS.groupWaitMs,
      groupIntervalMs: options.groupIntervalMs ?? ALERTMANAGER_DEFAULTS.groupIntervalMs,
      repeatIntervalMs: options.repeatIntervalMs ?? ALERTMANAGER_DEFAULTS.repeatIntervalMs,
      maxAlerts: options.maxAlerts ?? 0,
      maxAttempts: options.maxAttempts ?? ALERTMANAGER_DEFAULTS.maxAttempts,
      requestTimeoutMs: options.requestTimeoutMs ?? ALERTMANAGER_DEFAULTS.requestTimeoutMs,
    };
  }

  /** Receive alerts from the rule evaluator (firing ones and those just resolved). */
  receive(alerts: readonly ActiveAlert[]): void {
    if (this.stopped) return;
    for (const alert of alerts) {
      const groupLabels: Record<string, string> = {};
      for (const name of this.settings.groupBy) if (alert.labels[name] !== undefined) groupLabels[name] = alert.labels[name];
      const key = `{}:${formatLabelSet(groupLabels)}`;
      let group = this.groups.get(key);
      if (!group) {
        if (alert.state === "resolved") continue;
        group = { key, labels: groupLabels, alerts: new Map(), timer: undefined, lastSent: undefined, lastSentAtMs: 0 };
        this.groups.set(key, group);
        const created = group;
        group.timer = this.options.clock.setTimeout(() => this.flush(created), this.settings.groupWaitMs);
      }
      group.alerts.set(alert.fingerprint, alert);
    }
  }

  private flush(group: AlertGroup): void {
    if (this.stopped) return;
    const now = this.options.clock.nowMs();
    const alerts = [...group.alerts.values()].sort((a, b) => (formatLabelSet(a.labels) < formatLabelSet(b.labels) ? -1 : 1));
    const current = new Map(alerts.map((a) => [a.fingerprint, a.state === "resolved" ? "resolved" : "firing"]));
    const changed = !group.lastSent || current.size !== group.lastSent.size || [...current].some(([fp, status]) => group.lastSent?.get(fp) !== status);
    const repeatDue = now - group.lastSentAtMs >= this.settings.repeatIntervalMs;
    const onlyStaleResolved = alerts.every((a) => a.state === "resolved") && !changed;
    if (alerts.length > 0 && (changed || repeatDue) && !onlyStaleResolved) {
      const payload = buildWebhookPayload({
        receiver: this.settings.receiver,
        groupKey: group.key,
        groupLabels: group.labels,
        externalURL: this.settings.externalURL,
        alerts: alerts.map((a) => this.toWebhookAlert(a)),
        maxAlerts: this.settings.maxAlerts,
      });
      const sent = new Map(current);
      this.deliver(payload, 1, () => {
        group.lastSent = sent;
        group.lastSentAtMs = this.options.clock.nowMs();
      });
    }
    // Resolved alerts are notified once, then dropped from the group.
    for (const alert of alerts) if (alert.state === "resolved") group.alerts.delete(alert.fingerprint);
    if (group.alerts.size === 0) {
      this.groups.delete(group.key);
      return;
    }
    group.timer = this.options.clock.setTimeout(() => this.flush(group), this.settings.groupIntervalMs);
  }

  private toWebhookAlert(alert: ActiveAlert): WebhookAlert {
    const resolved = alert.state === "resolved";
    return {
      status: resolved ? "resolved" : "firing",
      labels: { ...alert.labels },
      annotations: { ...alert.annotations },
      startsAt: goTime(alert.firedAtMs ?? alert.activeAtMs),
      endsAt: resolved && alert.resolvedAtMs !== undefined ? goTime(alert.resolvedAtMs) : ZERO_TIME,
      generatorURL: alert.generatorURL,
      fingerprint: alert.fingerprint,
    };
  }

  private record(entry: DeliveryRecord): void {
    this.deliveries.push(entry);
    if (this.deliveries.length > DELIVERY_LOG_SIZE) this.deliveries.shift();
  }

  private deliver(payload: WebhookPayload, attempt: number, onSuccess: () => void): void {
    const base = { atMs: this.options.clock.nowMs(), groupKey: payload.groupKey, status: payload.status, alerts: payload.alerts.length, attempt };
    const url = this.options.webhookUrl;
    if (!url) {
      this.record({ ...base, outcome: "skipped", error: "no webhook URL configured" });
      onSuccess();
      return;
    }
    const doFetch = this.options.fetch ?? fetch;
    const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "Alertmanager/0.27.0" };
    // A function is asked at every delivery: the app may rotate its token while the simulator runs.
    const token = typeof this.options.bearerToken === "function" ? this.options.bearerToken() : this.options.bearerToken;
    if (token) headers.Authorization = `Bearer ${token}`;
    const request = (async () => {
      try {
        const response = await doFetch(url, { method: "POST", headers, body: JSON.stringify(payload), signal: AbortSignal.timeout(this.settings.requestTimeoutMs) });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          this.record({ ...base, outcome: "delivered", httpStatus: response.status });
          onSuccess();
          return;
        }
        this.retry(payload, attempt, onSuccess, { ...base, outcome: "failed", httpStatus: response.status, error: `unexpected status code ${response.status}` });
      } catch (error) {
        this.retry(payload, attempt, onSuccess, { ...base, outcome: "failed", error: error instanceof Error ? error.message : String(error) });
      }
    })();
    this.inflight.add(request);
    void request.finally(() => this.inflight.delete(request));
  }

  private retry(payload: WebhookPayload, attempt: number, onSuccess: () => void, failure: DeliveryRecord): void {
    this.record(failure);
    // Like Alertmanager, a client error (4xx) is not retried: the same body would fail again.
    const clientError = failure.httpStatus !== undefined && failure.httpStatus >= 400 && failure.httpStatus < 500 && failure.httpStatus !== 429;
    if (this.stopped || clientError || attempt >= this.settings.maxAttempts) return;
    const backoffMs = Math.min(this.settings.groupIntervalMs, 1000 * 2 ** (attempt - 1));
    this.options.clock.setTimeout(() => {
      if (!this.stopped) this.deliver(payload, attempt + 1, onSuccess);
    }, backoffMs);
  }

  /** Resolves once no notification is in flight (tests await it after moving the clock). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** The latest delivery attempts, oldest first. */
  deliveryLog(): DeliveryRecord[] {
    return [...this.deliveries];
  }

  /** Groups with their alerts, for status. */
  groupSummary(): { groupKey: string; alerts: number }[] {
    return [...this.groups.values()].map((g) => ({ groupKey: g.key, alerts: g.alerts.size }));
  }

  /** Stop timers; in-flight requests finish on their own. */
  stop(): void {
    this.stopped = true;
    for (const group of this.groups.values()) if (group.timer !== undefined) this.options.clock.clearTimer(group.timer);
    this.groups.clear();
  }
}
