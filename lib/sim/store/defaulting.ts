/**
 * Defaults the real API server fills in (`SetDefaults_*` in k8s.io/kubernetes plus the default
 * admission plugins), for the fields kubectl and controllers rely on: Deployment strategy and
 * limits, pod restartPolicy / dnsPolicy / tolerations, container imagePullPolicy and termination
 * message path, Service type and targetPort, and so on. Cluster IPs are allocated separately.
 */
import { parseQuantity } from "../quantity";
import type { K8sObject } from "../types";
import { isJsonObject, type JsonObject } from "./json-value";

type Obj = JsonObject;

function obj(parent: Obj, key: string): Obj {
  const current = parent[key];
  if (isJsonObject(current)) return current;
  const fresh: Obj = {};
  parent[key] = fresh;
  return fresh;
}

function setDefault(target: Obj, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

function objects(value: unknown): Obj[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** `IfNotPresent` for pinned tags and digests, `Always` for `:latest` or no tag (as kubelet defaulting). */
function defaultPullPolicy(image: unknown): string {
  if (typeof image !== "string") return "IfNotPresent";
  if (image.includes("@")) return "IfNotPresent";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  if (colon < 0) return "Always";
  return lastSegment.slice(colon + 1) === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(probe: unknown): void {
  if (!isJsonObject(probe)) return;
  setDefault(probe, "timeoutSeconds", 1);
  setDefault(probe, "periodSeconds", 10);
  setDefault(probe, "successThreshold", 1);
  setDefault(probe, "failureThreshold", 3);
  if (isJsonObject(probe.httpGet)) setDefault(probe.httpGet, "scheme", "HTTP");
}

function defaultContainer(container: Obj): void {
  setDefault(container, "imagePullPolicy", defaultPullPolicy(container.image));
  setDefault(container, "terminationMessagePath", "/dev/termination-log");
  setDefault(container, "terminationMessagePolicy", "File");
  const resources = obj(container, "resources");
  // A limit without a request means request = limit (SetDefaults_Container); quota and QoS depend on it.
  if (isJsonObject(resources.limits)) {
    const requests = obj(resources, "requests");
    for (const [name, value] of Object.entries(resources.limits)) setDefault(requests, name, value);
  }
  for (const port of objects(container.ports)) setDefault(port, "protocol", "TCP");
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
}

/** PodSpec defaults shared by pods and pod templates. */
function defaultPodSpec(spec: Obj): void {
  setDefault(spec, "restartPolicy", "Always");
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "schedulerName", "default-scheduler");
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  setDefault(spec, "securityContext", {});
  setDefault(spec, "enableServiceLinks", true);
  for (const container of objects(spec.containers)) defaultContainer(container);
  for (const container of objects(spec.initContainers)) defaultContainer(container);
}

/** Pod-only defaults that come from admission plugins (ServiceAccount, DefaultTolerationSeconds, Priority). */
function defaultPodAdmission(spec: Obj): void {
  setDefault(spec, "serviceAccountName", "default");
  setDefault(spec, "serviceAccount", spec.serviceAccountName);
  setDefault(spec, "priority", 0);
  setDefault(spec, "preemptionPolicy", "PreemptLowerPriority");
  const tolerations = Array.isArray(spec.tolerations) ? (spec.tolerations as unknown[]) : [];
  for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
    if (!tolerations.some((t) => isJsonObject(t) && t.key === key)) {
      tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });
    }
  }
  spec.tolerations = tolerations;
}

function quantityOrUndefined(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  try {
    return parseQuantity(value);
  } catch {
    return undefined;
  }
}

/** Guaranteed / Burstable / BestEffort, computed from requests and limits as the API server does at creation. */
export function podQosClass(spec: Obj): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers = [...objects(spec.containers), ...objects(spec.initContainers)];
  let anySet = false;
  let guaranteed = true;
  for (const container of containers) {
    const resources = isJsonObject(container.resources) ? container.resources : {};
    const requests = isJsonObject(resources.requests) ? resources.requests : {};
    const limits = isJsonObject(resources.limits) ? resources.limits : {};
    if (Object.keys(requests).length || Object.keys(limits).length) anySet = true;
    for (const name of ["cpu", "memory"]) {
      const limit = quantityOrUndefined(limits[name]);
      const request = quantityOrUndefined(requests[name]);
      if (limit === undefined || (request !== undefined && request !== limit)) guaranteed = false;
    }
  }
  if (!anySet) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

function defaultTemplate(spec: Obj): void {
  const template = obj(spec, "template");
  obj(template, "metadata");
  defaultPodSpec(obj(template, "spec"));
}

/** Fills defaults in place on a fresh copy of an incoming object (create and update alike). */
export function applyDefaults(resource: string, object: K8sObject): void {
  const o = object as unknown as Obj;
  switch (resource) {
    case "namespaces": {
      const labels = obj(object.metadata as unknown as Obj, "labels") as Record<string, string>;
      labels["kubernetes.io/metadata.name"] = object.metadata.name;
      setDefault(obj(o, "spec"), "finalizers", ["kubernetes"]);
      setDefault(obj(o, "status"), "phase", "Active");
      break;
    }
    case "pods": {
      const spec = obj(o, "spec");
      defaultPodSpec(spec);
      defaultPodAdmission(spec);
      const status = obj(o, "status");
      setDefault(status, "phase", "Pending");
      setDefault(status, "qosClass", podQosClass(spec));
      break;
    }
    case "deployments.apps": {
      const spec = obj(o, "spec");
      setDefault(spec, "replicas", 1);
      const strategy = obj(spec, "strategy");
      setDefault(strategy, "type", "RollingUpdate");
      if (strategy.type === "RollingUpdate") {
        const rolling = obj(strategy, "rollingUpdate");
        setDefault(rolling, "maxUnavailable", "25%");
        setDefault(rolling, "maxSurge", "25%");
      }
      setDefault(spec, "revisionHistoryLimit", 10);
      setDefault(spec, "progressDeadlineSeconds", 600);
      defaultTemplate(spec);
      setDefault(o, "status", {});
      break;
    }
    case "replicasets.apps": {
      const spec = obj(o, "spec");
      setDefault(spec, "replicas", 1);
      defaultTemplate(spec);
      setDefault(obj(o, "status"), "replicas", 0);
      break;
    }
    case "services": {
      const spec = obj(o, "spec");
      setDefault(spec, "type", "ClusterIP");
      if (spec.type !== "ExternalName") {
        setDefault(spec, "sessionAffinity", "None");
        setDefault(spec, "internalTrafficPolicy", "Cluster");
        if (spec.type === "NodePort" || spec.type === "LoadBalancer") setDefault(spec, "externalTrafficPolicy", "Cluster");
      }
      for (const port of objects(spec.ports)) {
        setDefault(port, "protocol", "TCP");
        setDefault(port, "targetPort", port.port);
      }
      setDefault(obj(o, "status"), "loadBalancer", {});
      break;
    }
    case "secrets":
      setDefault(o, "type", "Opaque");
      break;
    case "networkpolicies.networking.k8s.io": {
      const spec = obj(o, "spec");
      setDefault(spec, "podSelector", {});
      if (!Array.isArray(spec.policyTypes)) spec.policyTypes = spec.egress !== undefined ? ["Ingress", "Egress"] : ["Ingress"];
      break;
    }
    case "horizontalpodautoscalers.autoscaling": {
      const spec = obj(o, "spec");
      setDefault(spec, "minReplicas", 1);
      // autoscaling/v2 defaulting: no metrics means 80% average CPU utilization.
      if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
        spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
      }
      break;
    }
    case "events":
      setDefault(o, "type", "Normal");
      setDefault(o, "count", 1);
      break;
  }
}
