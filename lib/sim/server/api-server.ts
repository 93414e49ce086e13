/**
 * The simulated cluster's HTTP API server on loopback, built on Node's `http` module. Serves
 * what `kubectl` and `@kubernetes/client-node` need (see router.ts) from an `InMemoryObjectStore`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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
  /**
   * Routes served beside the Kubernetes API (the demo shop's /metrics and /sim/v1 control API),
   * read at request time; a handler answers true when it handled the request.
   */
  extraHandler?: () => ExtraRequestHandler | undefined;
}

/** Serves some paths outside the Kubernetes API; returns false (without reading the body) for the rest. */
export type ExtraRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

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
    const extra = options.extraHandler?.();
    if (!extra) {
      void handleRequest(ctx, req, res, address);
      return;
    }
    void extra(req, res).then(
      (handled) => (handled ? undefined : handleRequest(ctx, req, res, address)),
      (error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "internal", message: (error as Error).message } }));
      },
    );
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
