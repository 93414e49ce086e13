import { describe, expect, it } from "vitest";
import type { Pod } from "../controllers/api-types";
import type { K8sObject } from "../types";
import { cidrContains, isConnectionAllowed } from "./network-policy";

const pod = (name: string, labels: Record<string, string>, namespace = "shop"): Pod =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels, uid: name, resourceVersion: "1", creationTimestamp: "" }, spec: { containers: [{ name: "app", ports: [{ name: "http", containerPort: 8080 }] }] } }) as Pod;
const policy = (name: string, spec: Record<string, unknown>, namespace = "shop"): K8sObject => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace, uid: name, resourceVersion: "1", creationTimestamp: "" }, spec });
const nsLabels = new Map<string, Record<string, string>>([
  ["shop", { "kubernetes.io/metadata.name": "shop" }],
  ["monitoring", { "kubernetes.io/metadata.name": "monitoring", team: "obs" }],
]);
const peer = (p: Pod) => ({ pod: p, namespace: p.metadata.namespace, ip: "10.244.1.2" });
const payment = pod("payment-1", { app: "payment" });
const checkout = pod("checkout-1", { app: "checkout" });
const frontend = pod("frontend-1", { app: "frontend" });

describe("NetworkPolicy evaluation", () => {
  it("leaves pods no policy selects open", () => {
    expect(isConnectionAllowed({ policies: [], namespaceLabels: nsLabels, source: peer(checkout), destination: peer(payment), port: 8080 }).allowed).toBe(true);
  });

  it("allows only listed sources once a pod is selected for ingress", () => {
    const only = policy("p", { podSelector: { matchLabels: { app: "payment" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "frontend" } } }], ports: [{ port: "http" }] }] });
    expect(isConnectionAllowed({ policies: [only], namespaceLabels: nsLabels, source: peer(frontend), destination: peer(payment), port: 8080 }).allowed).toBe(true);
    expect(isConnectionAllowed({ policies: [only], namespaceLabels: nsLabels, source: peer(checkout), destination: peer(payment), port: 8080 })).toEqual({ allowed: false, direction: "ingress", policies: ["p"] });
    expect(isConnectionAllowed({ policies: [only], namespaceLabels: nsLabels, source: peer(frontend), destination: peer(payment), port: 9090 }).allowed).toBe(false);
  });

  it("unions rules of several policies, and handles namespace selectors and default deny", () => {
    const deny = policy("deny-all", { podSelector: {}, policyTypes: ["Ingress"] });
    const monitoring = policy("from-monitoring", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "obs" } } }] }] });
    const prometheus = pod("prometheus-0", { app: "prometheus" }, "monitoring");
    expect(isConnectionAllowed({ policies: [deny], namespaceLabels: nsLabels, source: peer(checkout), destination: peer(payment), port: 8080 }).allowed).toBe(false);
    expect(isConnectionAllowed({ policies: [deny, monitoring], namespaceLabels: nsLabels, source: peer(prometheus), destination: peer(payment), port: 8080 }).allowed).toBe(true);
    expect(isConnectionAllowed({ policies: [deny, monitoring], namespaceLabels: nsLabels, source: peer(checkout), destination: peer(payment), port: 8080 }).allowed).toBe(false);
  });

  it("applies egress policies of the source and ipBlocks for external clients", () => {
    const egress = policy("egress", { podSelector: { matchLabels: { app: "checkout" } }, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { app: "cart" } } }] }] });
    expect(isConnectionAllowed({ policies: [egress], namespaceLabels: nsLabels, source: peer(checkout), destination: peer(payment), port: 8080 })).toMatchObject({ allowed: false, direction: "egress" });
    const external = policy("lb", { podSelector: { matchLabels: { app: "frontend" } }, ingress: [{ from: [{ ipBlock: { cidr: "192.168.0.0/16", except: ["192.168.49.0/24"] } }] }] });
    expect(isConnectionAllowed({ policies: [external], namespaceLabels: nsLabels, source: { pod: undefined, namespace: undefined, ip: "192.168.10.1" }, destination: peer(frontend), port: 8080 }).allowed).toBe(true);
    expect(isConnectionAllowed({ policies: [external], namespaceLabels: nsLabels, source: { pod: undefined, namespace: undefined, ip: "192.168.49.1" }, destination: peer(frontend), port: 8080 }).allowed).toBe(false);
    expect(cidrContains("10.0.0.0/8", "10.244.3.4")).toBe(true);
  });
});
