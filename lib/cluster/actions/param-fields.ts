/** zod fields shared by the actions' params, each described for the model. */
import { z } from "zod";

/** DNS-1123 label / subdomain, what Kubernetes accepts as a namespace or object name. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const namespaceField = z.string().max(63).regex(DNS_LABEL, "must be a DNS-1123 label (lowercase letters, digits, '-')").describe("Namespace of the target object");

export function nameField(kind: string) {
  return z.string().min(1).max(253).regex(DNS_SUBDOMAIN, "must be a DNS-1123 subdomain (lowercase letters, digits, '-', '.')").describe(`Name of the ${kind}`);
}

export const containerField = z.string().min(1).max(63).regex(DNS_LABEL, "must be a DNS-1123 label").describe("Name of the container in the pod template");
