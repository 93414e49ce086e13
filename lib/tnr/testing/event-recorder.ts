/** Collects the engine's events for assertions; every lifecycle event is checked against the lifecycle's own schema. */
import { lifecycleEventSchema } from "../../incidents/lifecycle/events";
import type { TnrEmit, TnrEvent, TnrLifecycleEvent } from "../tnr-events";

/** The events so far and the sink that collects them. */
export interface EventRecorder {
  events: TnrEvent[];
  emit: TnrEmit;
  /** Lifecycle event types, in order. */
  lifecycleTypes(): string[];
  lifecycle(type: TnrLifecycleEvent["type"]): TnrLifecycleEvent | undefined;
}

/** A fresh recorder; pass its `emit` to the engine. */
export function recordEvents(): EventRecorder {
  const events: TnrEvent[] = [];
  return {
    events,
    emit(event) {
      // The pipeline feeds these to transition(): they must parse exactly as the lifecycle defines them.
      if (event.kind === "lifecycle") lifecycleEventSchema.parse({ type: event.type, payload: event.payload });
      events.push(event);
    },
    lifecycleTypes: () => events.filter((e) => e.kind === "lifecycle").map((e) => e.type),
    lifecycle: (type) => events.find((e): e is TnrLifecycleEvent => e.kind === "lifecycle" && e.type === type),
  };
}
