/**
 * A loopback HTTP server for tests of code that fetches (runbook_url, SearxNG, web pages,
 * embeddings): real HTTP, answers from per-path handlers, every request recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type LocalRoute = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface LocalHttpServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** Paths (with query) requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts a server answering `routes[pathname]`, 404 otherwise. */
export async function startLocalHttpServer(routes: Record<string, LocalRoute>): Promise<LocalHttpServer> {
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const route = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    try {
      await route(req, res, Buffer.concat(chunks).toString("utf8"));
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A route answering `body` with a content type. */
export function textRoute(contentType: string, body: string, status = 200): LocalRoute {
  return (_req, res) => {
    res.writeHead(status, { "content-type": contentType }).end(body);
  };
}
