/**
 * The simulated cluster's HTTP API server on loopback, built on Node's `http` module. Serves
 * what `kubectl` and `@kubernetes/client-node` need (see router.ts) from an `InMemoryObjectStore`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimClock } from "../clock";
import type { InMemoryObjectStore } from "../store/object-store";
import type { PodLogSource } from "../types";
import type { ApiContext } from "./api-context";
import { handleRequest } from "./router";

export interface ApiServerOptions {
  store: InMemoryObjectStore;
  clock: SimClock;
  /** Read at request time, so controllers started after the server still serve logs. */
  podLogs?: () => PodLogSource | undefined;
}

export interface ApiServer {
  /** Listens on host:port (port 0 = ephemeral) and resolves with the bound port. */
  listen(options: { host: string; port: number }): Promise<number>;
  /** Ends open watches and log streams, closes connections and stops listening. */
  close(): Promise<void>;
  readonly server: Server;
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const ctx: ApiContext = { store: options.store, clock: options.clock, podLogs: options.podLogs ?? (() => undefined), streams: new Set() };
  let address = "127.0.0.1:0";
  const server = createServer((req, res) => {
    void handleRequest(ctx, req, res, address);
  });
  // Clients (kubectl, client-node) keep connections alive between calls; so do we.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  // Watches are long-lived by design; no request timeout.
  server.requestTimeout = 0;

  return {
    server,
    listen({ host, port }) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const bound = (server.address() as AddressInfo).port;
          address = `${host}:${bound}`;
          resolve(bound);
        });
      });
    },
    close() {
      for (const stop of [...ctx.streams]) stop();
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
