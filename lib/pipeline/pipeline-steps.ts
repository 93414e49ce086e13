import type { Incident } from "../db/generated/sqlite/client";
import type { LifecycleEvent, LifecycleState } from "../incidents/lifecycle";

/** What a step may record on the timeline besides its lifecycle event (reasoning, tool calls). */
export interface TimelineStep {
  type: string;
  payload: Record<string, unknown>;
}

export interface StepContext {
  incident: Incident;
  /** The incident's state as the lifecycle reads it (legacy TRIGGERED is DETECTING). */
  state: LifecycleState;
  /** The worker holding the lease; every write a step makes must present it. */
  owner: string;
  now: Date;
  /** Appends a timeline step (persisted before the call resolves). */
  record(step: TimelineStep): Promise<void>;
}

/**
 * A step's result: lifecycle events to apply in order (each one goes through the transition
 * table), and when the worker should look at the incident again if it stays agent-owned.
 */
export interface StepOutcome {
  events: LifecycleEvent[];
  /** Default: immediately when the new state is agent-owned (the lifecycle sets it). */
  retryAt?: Date;
}

/**
 * The work of each agent-owned state. The worker only orchestrates; the reasoning (rules or LLM)
 * and the TNR engine live behind these functions, so the orchestration is tested with fakes.
 */
export interface PipelineSteps {
  /** DETECTING: confirm a real, ongoing failure (detection.confirmed) or close it as noise (detection.noise). */
  detect(ctx: StepContext): Promise<StepOutcome>;
  /** DIAGNOSING: name the root cause (diagnosis.completed), or escalate (diagnosis.no_safe_action). */
  diagnose(ctx: StepContext): Promise<StepOutcome>;
  /** PROPOSED: a transaction of typed actions (mitigation.proposed), or escalation (mitigation.no_safe_action). */
  propose(ctx: StepContext): Promise<StepOutcome>;
  /** MITIGATING / VALIDATING / ROLLING_BACK / UNDOING: run or resume the transaction (TNR). */
  transact(ctx: StepContext): Promise<StepOutcome>;
  /** ROLLED_BACK: record what did not work and hand back to diagnosis (rollback.reviewed). */
  reviewRollback(ctx: StepContext): Promise<StepOutcome>;
}
