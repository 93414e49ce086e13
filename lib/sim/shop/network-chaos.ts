/**
 * The effect of Chaos Mesh NetworkChaos experiments on one request/response exchange between
 * two pods. Chaos Mesh shapes the egress of the selected pods (tc netem / iptables): with
 * direction `to` the packets selected -> target, with `from` target -> selected, `both` both;
 * without a target every egress packet of the selected pods. A request is affected when its
 * request path or its response path is.
 */
import type { Pod } from "../controllers/api-types";
import type { K8sObject } from "../types";
import { isExperimentActive, parseGoDuration, selectChaosPods } from "./chaos-selector";

/** What the network does to one exchange. */
export interface NetworkEffect {
  /** Added round-trip latency in seconds. */
  delaySeconds: number;
  /** Probability that a packet of the exchange is lost (0..1). */
  loss: number;
  /** No packet gets through. */
  partitioned: boolean;
  /** Experiments that apply (`namespace/name`), for tests and logs. */
  experiments: string[];
}

interface CompiledChaos {
  id: string;
  action: string;
  direction: "to" | "from" | "both";
  selected: Set<string>;
  target: Set<string> | undefined;
  delaySeconds: number;
  loss: number;
}

function percent(text: string | undefined): number {
  const n = Number.parseFloat(text ?? "0");
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n / 100)) : 0;
}

/** NetworkChaos experiments resolved against the current pods, ready to answer per exchange. */
export class NetworkChaosModel {
  private readonly compiled: CompiledChaos[] = [];

  constructor(experiments: readonly K8sObject[], pods: readonly Pod[], nowMs: number) {
    for (const experiment of experiments) {
      if (!isExperimentActive(experiment, nowMs)) continue;
      const spec = (experiment.spec ?? {}) as {
        action?: string;
        mode?: string;
        value?: string;
        selector?: unknown;
        direction?: "to" | "from" | "both";
        target?: { mode?: string; value?: string; selector?: unknown };
        delay?: { latency?: string; jitter?: string };
        loss?: { loss?: string };
      };
      const action = spec.action ?? "";
      const selected = selectChaosPods(experiment, spec.selector, spec.mode, spec.value, pods);
      const target = spec.target ? selectChaosPods(experiment, spec.target.selector, spec.target.mode, spec.target.value, pods) : undefined;
      const latencyMs = spec.delay?.latency ? (parseGoDuration(spec.delay.latency) ?? 0) : 0;
      const jitterMs = spec.delay?.jitter ? (parseGoDuration(spec.delay.jitter) ?? 0) : 0;
      this.compiled.push({
        id: `${experiment.metadata.namespace}/${experiment.metadata.name}`,
        action,
        direction: spec.direction ?? "to",
        selected,
        target,
        // netem adds latency plus, on average, half the jitter's spread above it.
        delaySeconds: (action === "delay" || action === "netem") ? (latencyMs + jitterMs / 2) / 1000 : 0,
        loss: action === "loss" || action === "netem" ? percent(spec.loss?.loss) : 0,
      });
    }
  }

  /** True when no experiment is active (the common case: skip per-exchange work). */
  get empty(): boolean {
    return this.compiled.length === 0;
  }

  /** Whether the packet path from -> to is shaped by one experiment. */
  private pathAffected(chaos: CompiledChaos, from: string | undefined, to: string | undefined): boolean {
    const inSelected = (key: string | undefined) => key !== undefined && chaos.selected.has(key);
    const inTarget = (key: string | undefined) => (chaos.target ? key !== undefined && chaos.target.has(key) : true);
    const forward = chaos.direction !== "from" && inSelected(from) && inTarget(to);
    const backward = chaos.direction !== "to" && chaos.target !== undefined && inTarget(from) && inSelected(to);
    return forward || backward;
  }

  /** Effect on a request from `source` to `destination` (keys `namespace/name`; undefined = outside the cluster). */
  effect(source: string | undefined, destination: string | undefined): NetworkEffect {
    const result: NetworkEffect = { delaySeconds: 0, loss: 0, partitioned: false, experiments: [] };
    for (const chaos of this.compiled) {
      const request = this.pathAffected(chaos, source, destination);
      const response = this.pathAffected(chaos, destination, source);
      if (!request && !response) continue;
      result.experiments.push(chaos.id);
      const paths = (request ? 1 : 0) + (response ? 1 : 0);
      if (chaos.action === "partition") result.partitioned = true;
      result.delaySeconds += chaos.delaySeconds * paths;
      result.loss = 1 - (1 - result.loss) * (1 - chaos.loss) ** paths;
    }
    return result;
  }
}
