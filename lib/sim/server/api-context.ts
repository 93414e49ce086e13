/**
 * What every request handler of the simulated API server works with: the store, the clock,
 * the pod log source, and the open streams (watches, log follows) to close on shutdown.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimClock } from "../clock";
import type { ServedResource } from "../resources";
import type { InMemoryObjectStore } from "../store/object-store";
import type { PodLogSource } from "../types";

export interface ApiContext {
  store: InMemoryObjectStore;
  clock: SimClock;
  /** The kubelet's logs; undefined while controllers are off (logs then read as empty). */
  podLogs: () => PodLogSource | undefined;
  /** Closers of open long-running responses, run when the server stops. */
  streams: Set<() => void>;
}

/** A request addressed to a served resource, parsed once by the router. */
export interface ResourceRequest {
  id: number;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  resource: ServedResource;
  namespace: string | null;
  name?: string;
  subresource?: string;
  legacyWatch: boolean;
  /** `?fieldManager=` or the client's user-agent product, passed to the store and admission hooks. */
  fieldManager: string;
}
