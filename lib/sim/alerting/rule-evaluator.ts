/**
 * Prometheus' alerting-rule state machine on the simulated clock: an element of a rule's result
 * is pending from its first evaluation, firing once it has stayed active for `for`, and resolved
 * when it disappears. Every evaluation hands the notifier all firing alerts (as Prometheus
 * re-sends them) plus the ones that just resolved.
 */
import { labelsFingerprint } from "./fingerprint";
import type { AlertRule, RuleContext } from "./rules";

/** An alert as Prometheus sends it to Alertmanager. */
export interface ActiveAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: "pending" | "firing" | "resolved";
  activeAtMs: number;
  /** When it started firing (Alertmanager's startsAt). */
  firedAtMs?: number;
  resolvedAtMs?: number;
  value: number;
  generatorURL: string;
}

/** Options of `RuleEvaluator`. */
export interface RuleEvaluatorOptions {
  rules: readonly AlertRule[];
  /** Base URL of the (simulated) Prometheus, for generatorURL. */
  prometheusURL: string;
}

/** Evaluates rules and tracks alert states. */
export class RuleEvaluator {
  private readonly active = new Map<string, ActiveAlert>();

  constructor(private readonly options: RuleEvaluatorOptions) {}

  /** Evaluate every rule at `context.atMs`; returns firing alerts and those that resolved now. */
  evaluate(context: RuleContext): ActiveAlert[] {
    const now = context.atMs;
    const seen = new Set<string>();
    for (const rule of this.options.rules) {
      let samples;
      try {
        samples = rule.evaluate(context);
      } catch (error) {
        // A broken rule must not stop the others (Prometheus reports it and carries on).
        console.error(`[sim-alerting] rule ${rule.alert} failed:`, error);
        continue;
      }
      for (const sample of samples) {
        const labels = { alertname: rule.alert, severity: rule.severity, ...sample.labels };
        const fingerprint = labelsFingerprint(labels);
        seen.add(fingerprint);
        const annotations = { summary: rule.summary(sample), description: rule.description(sample), runbook_url: rule.runbookUrl };
        let alert = this.active.get(fingerprint);
        if (!alert || alert.state === "resolved") {
          alert = { fingerprint, labels, annotations, state: "pending", activeAtMs: now, value: sample.value, generatorURL: `${this.options.prometheusURL}/graph?g0.expr=${encodeURIComponent(rule.expr)}&g0.tab=1` };
          this.active.set(fingerprint, alert);
        }
        alert.value = sample.value;
        alert.annotations = annotations;
        if (alert.state === "pending" && now - alert.activeAtMs >= rule.forSeconds * 1000) {
          alert.state = "firing";
          alert.firedAtMs = now;
        }
      }
    }
    const out: ActiveAlert[] = [];
    for (const [fingerprint, alert] of this.active) {
      if (seen.has(fingerprint)) {
        if (alert.state === "firing") out.push({ ...alert });
        continue;
      }
      if (alert.state === "firing") {
        alert.state = "resolved";
        alert.resolvedAtMs = now;
        out.push({ ...alert });
      }
      this.active.delete(fingerprint);
    }
    return out;
  }

  /** Alerts pending or firing now. */
  alerts(): ActiveAlert[] {
    return [...this.active.values()].map((a) => ({ ...a }));
  }
}
