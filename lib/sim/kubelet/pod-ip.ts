/**
 * Pod IP allocation like the host-local IPAM plugin: each node owns a /24 of 10.244.0.0/16
 * (node N in creation order gets 10.244.N.0/24), addresses are handed out sequentially from .2
 * and wrap around, skipping those in use. Deterministic for a given history.
 */

interface NodeRange {
  subnet: number;
  next: number;
  inUse: Set<number>;
}

export class PodIpAllocator {
  private readonly nodes = new Map<string, NodeRange>();
  private nextSubnet = 1;

  /** Give a node its subnet (idempotent). Honours an existing `spec.podCIDR` of the form 10.244.N.0/24. */
  registerNode(nodeName: string, podCidr?: string): void {
    if (this.nodes.has(nodeName)) return;
    const match = podCidr ? /^10\.244\.(\d+)\.0\/24$/.exec(podCidr) : null;
    const subnet = match ? Number(match[1]) : this.nextSubnet++;
    if (match && subnet >= this.nextSubnet) this.nextSubnet = subnet + 1;
    this.nodes.set(nodeName, { subnet, next: 2, inUse: new Set() });
  }

  /** The pod CIDR of a node. */
  podCidr(nodeName: string): string {
    this.registerNode(nodeName);
    return `10.244.${this.nodes.get(nodeName)!.subnet}.0/24`;
  }

  /** Allocate the next free address on a node; undefined when the /24 is exhausted. */
  allocate(nodeName: string): string | undefined {
    this.registerNode(nodeName);
    const range = this.nodes.get(nodeName)!;
    for (let tries = 0; tries < 253; tries++) {
      const host = range.next;
      range.next = range.next >= 254 ? 2 : range.next + 1;
      if (!range.inUse.has(host)) {
        range.inUse.add(host);
        return `10.244.${range.subnet}.${host}`;
      }
    }
    return undefined;
  }

  /** Claim a specific address (pods already running when the kubelet starts). */
  reserve(nodeName: string, ip: string): void {
    this.registerNode(nodeName);
    const range = this.nodes.get(nodeName)!;
    const host = Number(ip.split(".")[3]);
    if (ip.startsWith(`10.244.${range.subnet}.`) && Number.isInteger(host)) range.inUse.add(host);
  }

  release(nodeName: string, ip: string): void {
    const range = this.nodes.get(nodeName);
    if (!range) return;
    const host = Number(ip.split(".")[3]);
    if (ip.startsWith(`10.244.${range.subnet}.`)) range.inUse.delete(host);
  }
}
