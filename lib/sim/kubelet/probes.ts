/**
 * Liveness, readiness and startup probes evaluated against what the container really does: a
 * probe on a port the process doesn't listen on is refused, a path the server doesn't serve
 * is a 404, an exec of a binary the image lacks errors. Messages are the kubelet's. Pure.
 */
import type { ImageTagSpec } from "../images";
import type { Container, Probe } from "../controllers/api-types";
import { planProcess } from "./process";

/** An HTTP request reaching a container (what an application-level responder decides about). */
export interface HttpRequestContext {
  namespace: string;
  pod: string;
  container: string;
  port: number;
  path: string;
}

/**
 * Application-level answer to an HTTP request on a listening port: a status code, or undefined to
 * keep the image's default (200, or 404 for paths it doesn't serve). Lets a later model make
 * `/readyz` fail while a dependency is down.
 */
export type HttpResponder = (request: HttpRequestContext) => number | undefined;

/** What a probe can observe about a running container. */
export interface ProbeTarget {
  podIP: string;
  container: Container;
  image: ImageTagSpec;
  /** Ports accepting connections right now. */
  listeningPorts: ReadonlySet<number>;
  env: Record<string, string>;
  /** Short id used in exec error messages. */
  containerId: string;
  /** Who is asking, for the application-level responder. */
  namespace?: string;
  pod?: string;
  responder?: HttpResponder;
}

export type ProbeOutcome = { result: "success" } | { result: "failure"; message: string } | { result: "error"; message: string };

export type ProbeKind = "Liveness" | "Readiness" | "Startup";

/** Probe timing with the API defaults. */
export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  successThreshold: number;
  failureThreshold: number;
}

export function probeTiming(probe: Probe): ProbeTiming {
  return {
    initialDelayMs: Math.max(0, probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: Math.max(1, probe.periodSeconds ?? 10) * 1000,
    successThreshold: Math.max(1, probe.successThreshold ?? 1),
    failureThreshold: Math.max(1, probe.failureThreshold ?? 3),
  };
}

function resolvePort(port: number | string, container: Container): number | { error: string } {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = container.ports?.find((p) => p.name === port);
  return named ? named.containerPort : { error: `port ${port} not found` };
}

/** Run one probe once. */
export function runProbe(probe: Probe, target: ProbeTarget): ProbeOutcome {
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, target.container);
    if (typeof port !== "number") return { result: "error", message: port.error };
    const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
    const host = probe.httpGet.host ?? target.podIP;
    const path = probe.httpGet.path ?? "/";
    const url = `${scheme}://${host}:${port}${path.startsWith("/") ? path : `/${path}`}`;
    if (!target.listeningPorts.has(port)) return { result: "failure", message: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
    if (target.image.protocol === "tcp") return { result: "failure", message: `Get "${url}": EOF` };
    if (scheme === "https") return { result: "failure", message: `Get "${url}": http: server gave HTTP response to HTTPS client` };
    const bare = path.split("?")[0] ?? "/";
    const answer = target.responder?.({ namespace: target.namespace ?? "", pod: target.pod ?? "", container: target.container.name, port, path: bare });
    if (answer !== undefined) {
      return answer >= 200 && answer < 400 ? { result: "success" } : { result: "failure", message: `HTTP probe failed with statuscode: ${answer}` };
    }
    if (target.image.httpPaths && !target.image.httpPaths.includes(bare)) return { result: "failure", message: "HTTP probe failed with statuscode: 404" };
    return { result: "success" };
  }
  if (probe.tcpSocket || probe.grpc) {
    const raw = probe.tcpSocket ? probe.tcpSocket.port : (probe.grpc?.port ?? 0);
    const port = resolvePort(raw, target.container);
    if (typeof port !== "number") return { result: "error", message: port.error };
    const host = probe.tcpSocket?.host ?? target.podIP;
    if (!target.listeningPorts.has(port)) {
      if (probe.grpc) return { result: "failure", message: `timeout: failed to connect service "${host}:${port}" within 1s: context deadline exceeded` };
      return { result: "failure", message: `dial tcp ${host}:${port}: connect: connection refused` };
    }
    return { result: "success" };
  }
  if (probe.exec) {
    const command = probe.exec.command ?? [];
    const plan = planProcess({ image: target.image, command, env: target.env });
    if (plan.kind === "start-error") {
      const exe = command[0] ?? "";
      return {
        result: "error",
        message: `rpc error: code = Unknown desc = failed to exec in container: failed to start exec "${target.containerId.slice(0, 64)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${exe}": executable file not found in $PATH: unknown`,
      };
    }
    const timeoutMs = Math.max(1, probe.timeoutSeconds ?? 1) * 1000;
    if (!plan.exit || plan.exit.afterMs > timeoutMs) return { result: "failure", message: `command "${command.join(" ")}" timed out` };
    if (plan.exit.code !== 0) return { result: "failure", message: plan.logs.map((l) => l.text).join("\n") };
    return { result: "success" };
  }
  return { result: "success" };
}

/** Text of the Unhealthy event: "Readiness probe failed: ..." or "Liveness probe errored: ...". */
export function probeEventMessage(kind: ProbeKind, outcome: Exclude<ProbeOutcome, { result: "success" }>): string {
  return outcome.result === "error" ? `${kind} probe errored: ${outcome.message}` : `${kind} probe failed: ${outcome.message}`;
}
