/**
 * Events as a real cluster records them: `<object>.<hex>` names, involvedObject, source,
 * aggregation of identical events (same object, reason and message → count++ and a new
 * lastTimestamp) and a time-to-live (the API server keeps events one hour).
 */
import type { SimClock } from "../clock";
import type { K8sObject, ObjectStore, StoreChange } from "../types";
import type { CoreEvent, ObjectReference } from "./api-types";

/** How long events are kept, in simulated time (kube-apiserver's default --event-ttl). */
export const EVENT_TTL_MS = 60 * 60 * 1000;

/** Hard cap on the number of events kept, so a long crash loop over hundreds of pods stays bounded. */
export const MAX_EVENTS = 20_000;

export type EventType = "Normal" | "Warning";

/** Who reports an event (`source.component` / `reportingComponent`). */
export interface EventSource {
  component: string;
  /** Node name for kubelet events. */
  host?: string;
}

/** Options of one `record` call. */
export interface RecordEventOptions {
  /** The object the event is about; a full object or a reference. */
  object: K8sObject | ObjectReference;
  type: EventType;
  reason: string;
  message: string;
  source: EventSource;
  /** `spec.containers{web}` for container events. */
  fieldPath?: string;
}

/** Something that can record events (the recorder, or a no-op in pure tests). */
export interface EventSink {
  record(options: RecordEventOptions): void;
}

interface AggregatedEvent {
  namespace: string;
  name: string;
  count: number;
}

interface KeptEvent {
  namespace: string;
  lastMs: number;
}

function referenceOf(object: K8sObject | ObjectReference, fieldPath?: string): ObjectReference {
  if ("metadata" in object) {
    const ref: ObjectReference = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
    };
    if (object.metadata.namespace) ref.namespace = object.metadata.namespace;
    if (fieldPath) ref.fieldPath = fieldPath;
    return ref;
  }
  return fieldPath ? { ...object, fieldPath } : { ...object };
}

/** Writes and aggregates Events in the store and expires them after `EVENT_TTL_MS`. */
export class EventRecorder implements EventSink {
  private readonly aggregated = new Map<string, AggregatedEvent>();
  /** `namespace/name` of a stored event → its aggregation key, to forget it when the event is deleted. */
  private readonly keyByEvent = new Map<string, string>();
  /** Every event in the store (ours and others'), oldest first by insertion, for TTL expiry. */
  private readonly kept = new Map<string, KeptEvent>();
  private sequence = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: SimClock,
  ) {}

  record(options: RecordEventOptions): void {
    const involved = referenceOf(options.object, options.fieldPath);
    const namespace = involved.namespace || "default";
    const key = [
      options.source.component,
      options.source.host ?? "",
      involved.kind,
      namespace,
      involved.name,
      involved.fieldPath ?? "",
      involved.uid ?? "",
      options.type,
      options.reason,
      options.message,
    ].join("\u0000");
    const now = this.clock.nowRfc3339();
    const existing = this.aggregated.get(key);
    if (existing) {
      const stored = this.store.get("events", existing.namespace, existing.name) as CoreEvent | undefined;
      if (stored) {
        existing.count = (stored.count ?? existing.count) + 1;
        try {
          this.store.update("events", { ...stored, count: existing.count, lastTimestamp: now }, { fieldManager: "controller" });
          return;
        } catch {
          // fall through to a fresh event, as the real recorder does when the patch fails
        }
      }
      this.aggregated.delete(key);
    }
    const name = `${involved.name}.${this.uniqueSuffix()}`;
    const event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: involved,
      reason: options.reason,
      message: options.message,
      source: options.source.host ? { component: options.source.component, host: options.source.host } : { component: options.source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type: options.type,
      eventTime: null,
      reportingComponent: options.source.component,
      reportingInstance: options.source.host ?? "",
    };
    try {
      this.store.create("events", event, { fieldManager: "controller" });
      this.aggregated.set(key, { namespace, name, count: 1 });
      this.keyByEvent.set(`${namespace}/${name}`, key);
    } catch {
      // An event that cannot be written (namespace being deleted) is dropped, as the real recorder drops it.
    }
  }

  /** Track events written by anyone, so expiry covers them too. */
  onChange(change: StoreChange): void {
    if (change.resource !== "events") return;
    const { namespace = "default", name } = change.object.metadata;
    const id = `${namespace}/${name}`;
    if (change.type === "DELETED") {
      this.kept.delete(id);
      // Expired or deleted by anyone (the API server's TTL sweep): the next occurrence starts a new event.
      const key = this.keyByEvent.get(id);
      if (key !== undefined) {
        this.keyByEvent.delete(id);
        if (this.aggregated.get(key)?.name === name) this.aggregated.delete(key);
      }
      return;
    }
    const last = (change.object as Partial<CoreEvent>).lastTimestamp ?? change.object.metadata.creationTimestamp;
    const lastMs = Date.parse(last ?? "") || this.clock.nowMs();
    // Re-insert so the map stays ordered by last activity (oldest first) for cheap expiry.
    this.kept.delete(id);
    this.kept.set(id, { namespace, lastMs });
  }

  /**
   * Delete events whose last occurrence is older than `ttlMs`, and the oldest beyond `MAX_EVENTS`.
   * (The simulator also runs the API server's own TTL sweep; the cap is what only this does.)
   */
  expire(ttlMs = EVENT_TTL_MS): void {
    const cutoff = this.clock.nowMs() - ttlMs;
    let excess = this.kept.size - MAX_EVENTS;
    const doomed: { namespace: string; name: string }[] = [];
    for (const [id, kept] of this.kept) {
      if (kept.lastMs >= cutoff && excess <= 0) break;
      excess--;
      doomed.push({ namespace: kept.namespace, name: id.slice(kept.namespace.length + 1) });
    }
    for (const { namespace, name } of doomed) {
      try {
        // The DELETED change that follows forgets the event in `kept` and `aggregated`.
        this.store.delete("events", namespace, name, { fieldManager: "controller" });
      } catch {
        this.kept.delete(`${namespace}/${name}`);
      }
    }
  }

  /** Real names end in the event time in hex nanoseconds; a sequence number keeps same-instant events apart. */
  private uniqueSuffix(): string {
    const nanos = BigInt(Math.floor(this.clock.nowMs())) * 1_000_000n + BigInt(this.sequence++ % 1_000_000);
    return nanos.toString(16);
  }
}
