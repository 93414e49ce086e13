/**
 * The effect of Chaos Mesh StressChaos on a container: memory stressors hold `size` bytes
 * (growing linearly over `time` when given, which is how a leak looks from outside), CPU
 * stressors burn `workers x load%` of a core.
 */
import type { Pod } from "../controllers/api-types";
import { tryParseQuantity } from "../quantity";
import type { K8sObject } from "../types";
import { isExperimentActive, parseGoDuration, selectChaosPods } from "./chaos-selector";

/** Extra usage stress adds to one container. */
export interface StressEffect {
  memoryBytes: number;
  cpuMillicores: number;
}

/** stress-ng sizes: "256MB", "1GB", "512Mi", "50%". */
function parseStressSize(text: string, limitBytes: number | undefined): number {
  const trimmed = text.trim();
  if (trimmed.endsWith("%")) {
    const share = Number.parseFloat(trimmed) / 100;
    return Number.isFinite(share) && limitBytes !== undefined ? share * limitBytes : 0;
  }
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)$/i.exec(trimmed);
  if (match) {
    const scale: Record<string, number> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };
    return Number(match[1]) * (scale[(match[2] ?? "B").toUpperCase()] ?? 1);
  }
  return tryParseQuantity(trimmed) ?? 0;
}

interface CompiledStress {
  pods: Set<string>;
  containers: string[] | undefined;
  createdMs: number;
  memory?: { size: string; rampMs: number };
  cpuMillicores: number;
}

/** StressChaos experiments resolved against the current pods. */
export class StressChaosModel {
  private readonly compiled: CompiledStress[] = [];

  constructor(experiments: readonly K8sObject[], pods: readonly Pod[], nowMs: number) {
    for (const experiment of experiments) {
      if (!isExperimentActive(experiment, nowMs)) continue;
      const spec = (experiment.spec ?? {}) as {
        mode?: string;
        value?: string;
        selector?: unknown;
        containerNames?: string[];
        stressors?: { memory?: { workers?: number; size?: string; time?: string }; cpu?: { workers?: number; load?: number } };
      };
      const memory = spec.stressors?.memory;
      const cpu = spec.stressors?.cpu;
      this.compiled.push({
        pods: selectChaosPods(experiment, spec.selector, spec.mode, spec.value, pods),
        containers: spec.containerNames,
        createdMs: Date.parse(experiment.metadata.creationTimestamp),
        ...(memory ? { memory: { size: memory.size ?? "256MB", rampMs: memory.time ? (parseGoDuration(memory.time) ?? 0) : 0 } } : {}),
        cpuMillicores: cpu ? (cpu.workers ?? 1) * ((cpu.load ?? 100) / 100) * 1000 : 0,
      });
    }
  }

  get empty(): boolean {
    return this.compiled.length === 0;
  }

  /** Extra usage of one container (`podKey` = namespace/name). */
  effect(podKey: string, container: string, containerIndex: number, memoryLimitBytes: number | undefined, nowMs: number): StressEffect {
    const result: StressEffect = { memoryBytes: 0, cpuMillicores: 0 };
    for (const stress of this.compiled) {
      if (!stress.pods.has(podKey)) continue;
      // Without containerNames Chaos Mesh stresses the pod's first container.
      if (stress.containers ? !stress.containers.includes(container) : containerIndex !== 0) continue;
      if (stress.memory) {
        const full = parseStressSize(stress.memory.size, memoryLimitBytes);
        const elapsed = Number.isNaN(stress.createdMs) ? Infinity : nowMs - stress.createdMs;
        result.memoryBytes += stress.memory.rampMs > 0 ? full * Math.min(1, Math.max(0, elapsed) / stress.memory.rampMs) : full;
      }
      result.cpuMillicores += stress.cpuMillicores;
    }
    return result;
  }
}
