/**
 * Probes judged against what the container listens on and contains.
 */
import { describe, expect, it } from "vitest";
import { lookupImage, parseImageReference, type ImageTagSpec } from "../images";
import { probeEventMessage, runProbe, type ProbeTarget } from "./probes";

function image(ref: string): ImageTagSpec {
  const parsed = parseImageReference(ref);
  const found = parsed.ok ? lookupImage(parsed.reference) : undefined;
  if (!found?.found) throw new Error(`${ref} not in catalogue`);
  return found.spec;
}

function target(ref: string, listening: number[], ports: { name: string; containerPort: number }[] = []): ProbeTarget {
  return { podIP: "10.244.1.5", container: { name: "web", ports }, image: image(ref), listeningPorts: new Set(listening), env: {}, containerId: "containerd://abc" };
}

describe("runProbe", () => {
  it("httpGet succeeds on a served path and port", () => {
    expect(runProbe({ httpGet: { path: "/healthz", port: 8080 } }, target("ghcr.io/agentic-sre/shop-cart:1.0.0", [8080]))).toEqual({ result: "success" });
  });

  it("httpGet on a port nothing listens on is refused, with the kubelet's text", () => {
    const outcome = runProbe({ httpGet: { path: "/healthz", port: 9999 } }, target("ghcr.io/agentic-sre/shop-cart:1.0.0", [8080]));
    expect(outcome).toEqual({ result: "failure", message: 'Get "http://10.244.1.5:9999/healthz": dial tcp 10.244.1.5:9999: connect: connection refused' });
    if (outcome.result !== "success") expect(probeEventMessage("Readiness", outcome)).toBe('Readiness probe failed: Get "http://10.244.1.5:9999/healthz": dial tcp 10.244.1.5:9999: connect: connection refused');
  });

  it("a path the server doesn't serve is a 404", () => {
    expect(runProbe({ httpGet: { path: "/healthz", port: 80 } }, target("nginx:1.25", [80]))).toEqual({ result: "failure", message: "HTTP probe failed with statuscode: 404" });
  });

  it("resolves named ports; an unknown name errors", () => {
    expect(runProbe({ tcpSocket: { port: "http" } }, target("nginx:1.25", [80], [{ name: "http", containerPort: 80 }]))).toEqual({ result: "success" });
    expect(runProbe({ tcpSocket: { port: "metrics" } }, target("nginx:1.25", [80]))).toEqual({ result: "error", message: "port metrics not found" });
  });

  it("tcpSocket before the server listens is refused", () => {
    expect(runProbe({ tcpSocket: { port: 6379 } }, target("redis:7", []))).toEqual({ result: "failure", message: "dial tcp 10.244.1.5:6379: connect: connection refused" });
  });

  it("exec runs programs of the image", () => {
    expect(runProbe({ exec: { command: ["redis-cli", "ping"] } }, target("redis:7", [6379]))).toEqual({ result: "success" });
    expect(runProbe({ exec: { command: ["sh", "-c", "exit 1"] } }, target("redis:7", [6379]))).toMatchObject({ result: "failure" });
    const missing = runProbe({ exec: { command: ["pg_isready"] } }, target("redis:7", [6379]));
    expect(missing.result).toBe("error");
    expect(missing.result === "error" && missing.message).toContain('exec: "pg_isready": executable file not found in $PATH');
  });
});
