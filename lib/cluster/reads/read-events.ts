import "server-only";
/** Event reads. */
import type { CoreV1Event } from "@kubernetes/client-node";
import type { NamespaceReadOptions } from "./read-deployments";
import { filterEvents, type EventFilter } from "./event-summary";

export interface ListEventsOptions extends NamespaceReadOptions, EventFilter {}

/** Events of a namespace, filtered client-side (the filters are cheap and work on every server), newest first. */
export async function listEvents(options: ListEventsOptions): Promise<CoreV1Event[]> {
  const list = await options.clients.core.listNamespacedEvent({ namespace: options.namespace });
  return filterEvents(list.items, options);
}
