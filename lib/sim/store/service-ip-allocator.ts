/**
 * Service ClusterIPs from 10.96.0.0/12 and NodePorts from 30000-32767, picked by the seeded
 * generator (the real allocator is random too) so that the same seed gives the same IPs.
 */
import { SimApiError } from "../errors";
import type { SeededRandom } from "../rng";

/** The service CIDR's first address as a number, and its size (/12). */
const CIDR_BASE = (10 << 24) | (96 << 16);
const CIDR_SIZE = 1 << 20;
/** 10.96.0.1 is the `kubernetes` Service, 10.96.0.10 is conventionally cluster DNS. */
export const KUBERNETES_SERVICE_IP = "10.96.0.1";
const RESERVED = new Set([KUBERNETES_SERVICE_IP, "10.96.0.10"]);
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

function toIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function toNumber(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

function unprocessable(field: string, value: string | number, why: string): SimApiError {
  return new SimApiError({
    code: 422,
    reason: "Invalid",
    message: `Service "" is invalid: ${field}: Invalid value: ${typeof value === "string" ? `"${value}"` : value}: ${why}`,
    details: { kind: "Service", causes: [{ field, message: `Invalid value: ${value}: ${why}`, reason: "FieldValueInvalid" }] },
  });
}

export class ServiceIpAllocator {
  private readonly ips = new Set<string>();
  private readonly nodePorts = new Set<number>();

  constructor(private readonly rng: SeededRandom) {}

  /** Reserves a specific IP (a user-provided `spec.clusterIP`); throws 422 if taken or out of range. */
  reserveIp(ip: string): void {
    const n = toNumber(ip);
    if (n === undefined || n < CIDR_BASE || n >= CIDR_BASE + CIDR_SIZE) {
      throw unprocessable("spec.clusterIPs", ip, "failed to allocate IP: the provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12");
    }
    if (this.ips.has(ip)) throw unprocessable("spec.clusterIPs", ip, "failed to allocate IP: provided IP is already allocated");
    this.ips.add(ip);
  }

  /** A free IP; with `commit` false (dry-run) it is only picked, not reserved. */
  allocateIp(commit: boolean): string {
    for (;;) {
      const ip = toIp(CIDR_BASE + this.rng.int(1, CIDR_SIZE - 2));
      if (this.ips.has(ip) || RESERVED.has(ip)) continue;
      if (commit) this.ips.add(ip);
      return ip;
    }
  }

  releaseIp(ip: string): void {
    this.ips.delete(ip);
  }

  reserveNodePort(port: number): void {
    if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) throw unprocessable("spec.ports[0].nodePort", port, "provided port is not in the valid range. The range of valid ports is 30000-32767");
    if (this.nodePorts.has(port)) throw unprocessable("spec.ports[0].nodePort", port, "provided port is already allocated");
    this.nodePorts.add(port);
  }

  allocateNodePort(commit: boolean): number {
    for (;;) {
      const port = this.rng.int(NODE_PORT_MIN, NODE_PORT_MAX);
      if (this.nodePorts.has(port)) continue;
      if (commit) this.nodePorts.add(port);
      return port;
    }
  }

  releaseNodePort(port: number): void {
    this.nodePorts.delete(port);
  }
}
