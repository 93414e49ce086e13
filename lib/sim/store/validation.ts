/**
 * Validation the real API server performs (`pkg/apis/<group>/validation`), for the essentials: names,
 * labels, required fields, Deployment selector vs template labels, Service ports, immutable
 * fields and pod spec immutability. Failures are 422 Invalid with one cause per field, in the
 * real server's wording so kubectl shows familiar errors.
 */
import type { z } from "zod";
import { CUSTOM_RESOURCE_SPECS } from "../api/custom-resources";
import { isQuantity } from "../quantity";
import { invalid, type StatusCause } from "../errors";
import type { ServedResource } from "../resources";
import { labelSelectorFromSpec, matchesLabels, type LabelSelectorSpec } from "../selectors";
import type { K8sObject } from "../types";
import { isJsonObject, jsonEqual, type JsonObject } from "./json-value";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
/** Quantities arrive as strings or, from YAML, as bare numbers. */
function isQuantityValue(value: unknown): boolean {
  return typeof value === "number" ? Number.isFinite(value) : typeof value === "string" && isQuantity(value);
}

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Resources whose names must be DNS-1123 labels (no dots) rather than subdomains. */
const LABEL_NAMED = new Set(["namespaces", "services"]);

class Causes {
  readonly list: StatusCause[] = [];
  required(field: string): void {
    this.list.push({ field, message: "Required value", reason: "FieldValueRequired" });
  }
  invalid(field: string, value: unknown, why: string): void {
    this.list.push({ field, message: `Invalid value: ${formatValue(value)}: ${why}`, reason: "FieldValueInvalid" });
  }
  unsupported(field: string, value: unknown, supported: string[]): void {
    this.list.push({
      field,
      message: `Unsupported value: ${formatValue(value)}: supported values: ${supported.map((s) => `"${s}"`).join(", ")}`,
      reason: "FieldValueNotSupported",
    });
  }
  duplicate(field: string, value: unknown): void {
    this.list.push({ field, message: `Duplicate value: ${formatValue(value)}`, reason: "FieldValueDuplicate" });
  }
  forbidden(field: string, why: string): void {
    this.list.push({ field, message: `Forbidden: ${why}`, reason: "FieldValueForbidden" });
  }
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return `"${value}"`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "null";
}

function dnsLabelError(value: string): string {
  return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" +
    (value.length > 63 ? "; must be no more than 63 characters" : "");
}

function dnsSubdomainError(): string {
  return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
}

function checkLabelName(causes: Causes, field: string, value: string): void {
  if (value.length > 63 || !DNS1123_LABEL.test(value)) causes.invalid(field, value, dnsLabelError(value));
}

function checkSubdomainName(causes: Causes, field: string, value: string): void {
  if (value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) causes.invalid(field, value, dnsSubdomainError());
}

function checkQualifiedKey(causes: Causes, field: string, key: string): void {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : "";
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0 && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) causes.invalid(field, key, "prefix part " + dnsSubdomainError());
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    causes.invalid(field, key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  }
}

function checkLabels(causes: Causes, field: string, labels: unknown): void {
  if (labels === undefined) return;
  if (!isJsonObject(labels)) return causes.invalid(field, labels, "must be a map of strings");
  for (const [key, value] of Object.entries(labels)) {
    checkQualifiedKey(causes, field, key);
    if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
      causes.invalid(`${field}`, value, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
    }
  }
}

function checkMetadata(causes: Causes, resource: ServedResource, object: K8sObject): void {
  const meta = object.metadata;
  if (!meta.name) causes.required("metadata.name");
  else if (LABEL_NAMED.has(resource.key)) checkLabelName(causes, "metadata.name", meta.name);
  else checkSubdomainName(causes, "metadata.name", meta.name);
  checkLabels(causes, "metadata.labels", meta.labels);
  if (meta.annotations !== undefined) {
    if (!isJsonObject(meta.annotations)) causes.invalid("metadata.annotations", meta.annotations, "must be a map of strings");
    else for (const key of Object.keys(meta.annotations)) checkQualifiedKey(causes, "metadata.annotations", key);
  }
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function checkResources(causes: Causes, field: string, resources: unknown): void {
  if (!isJsonObject(resources)) return;
  for (const kind of ["requests", "limits"]) {
    const values = resources[kind];
    if (!isJsonObject(values)) continue;
    for (const [name, value] of Object.entries(values)) {
      if (!isQuantityValue(value)) causes.invalid(`${field}.${kind}[${name}]`, value, "must match the regex ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");
    }
  }
}

function checkContainers(causes: Causes, field: string, list: unknown, required: boolean): void {
  if (!Array.isArray(list) || list.length === 0) {
    if (required) causes.required(field);
    return;
  }
  const names = new Set<string>();
  list.forEach((container, index) => {
    const at = `${field}[${index}]`;
    if (!isJsonObject(container)) return causes.invalid(at, container, "must be an object");
    const name = container.name;
    if (typeof name !== "string" || !name) causes.required(`${at}.name`);
    else {
      checkLabelName(causes, `${at}.name`, name);
      if (names.has(name)) causes.duplicate(`${at}.name`, name);
      names.add(name);
    }
    if (typeof container.image !== "string" || !container.image.trim()) causes.required(`${at}.image`);
    objects(container.ports).forEach((port, p) => {
      const value = port.containerPort;
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
        causes.invalid(`${at}.ports[${p}].containerPort`, value, "must be between 1 and 65535, inclusive");
      }
    });
    objects(container.env).forEach((env, e) => {
      if (typeof env.name !== "string" || !env.name) causes.required(`${at}.env[${e}].name`);
    });
    checkResources(causes, `${at}.resources`, container.resources);
  });
}

function checkPodSpec(causes: Causes, field: string, spec: unknown, templateOf?: "Deployment" | "ReplicaSet"): void {
  if (!isJsonObject(spec)) return causes.required(field);
  checkContainers(causes, `${field}.containers`, spec.containers, true);
  checkContainers(causes, `${field}.initContainers`, spec.initContainers, false);
  const restart = spec.restartPolicy;
  if (templateOf) {
    if (restart !== "Always") causes.unsupported(`${field}.restartPolicy`, restart, ["Always"]);
  } else if (restart !== undefined && !["Always", "OnFailure", "Never"].includes(restart as string)) {
    causes.unsupported(`${field}.restartPolicy`, restart, ["Always", "OnFailure", "Never"]);
  }
  if (spec.nodeSelector !== undefined) checkLabels(causes, `${field}.nodeSelector`, spec.nodeSelector);
}

/** Go-ish rendering of a selector for the immutability message, close to `v1.LabelSelector{...}`. */
function describeSelector(selector: unknown): string {
  return `v1.LabelSelector${JSON.stringify(selector ?? {})}`;
}

function checkWorkload(causes: Causes, kind: "Deployment" | "ReplicaSet", object: K8sObject, old: K8sObject | undefined): void {
  const spec = object.spec;
  if (!isJsonObject(spec)) return causes.required("spec");
  const replicas = spec.replicas;
  if (replicas !== undefined && (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0)) {
    causes.invalid("spec.replicas", replicas, "must be greater than or equal to 0");
  }
  const selector = spec.selector as LabelSelectorSpec | undefined;
  const parsed = labelSelectorFromSpec(selector);
  if (!isJsonObject(selector)) causes.required("spec.selector");
  else if (parsed.length === 0) causes.invalid("spec.selector", describeSelector(selector), `empty selector is invalid for ${kind.toLowerCase()}`);
  const template = isJsonObject(spec.template) ? spec.template : undefined;
  if (!template) causes.required("spec.template");
  else {
    const templateMeta = isJsonObject(template.metadata) ? template.metadata : {};
    const labels = templateMeta.labels as Record<string, string> | undefined;
    checkLabels(causes, "spec.template.metadata.labels", labels);
    if (parsed.length > 0 && !matchesLabels(parsed, labels ?? {})) {
      causes.invalid("spec.template.metadata.labels", labels ?? {}, "`selector` does not match template `labels`");
    }
    checkPodSpec(causes, "spec.template.spec", template.spec, kind);
  }
  if (kind === "Deployment") {
    const strategy = isJsonObject(spec.strategy) ? spec.strategy : {};
    if (strategy.type !== undefined && strategy.type !== "RollingUpdate" && strategy.type !== "Recreate") {
      causes.unsupported("spec.strategy.type", strategy.type, ["Recreate", "RollingUpdate"]);
    }
    if (strategy.type === "Recreate" && strategy.rollingUpdate !== undefined) {
      causes.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
    }
  }
  if (old && isJsonObject(old.spec) && !jsonEqual(old.spec.selector, spec.selector)) {
    causes.invalid("spec.selector", describeSelector(spec.selector), "field is immutable");
  }
}

const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

function checkService(causes: Causes, object: K8sObject, old: K8sObject | undefined): void {
  const spec = object.spec;
  if (!isJsonObject(spec)) return causes.required("spec");
  if (!SERVICE_TYPES.includes(spec.type as string)) causes.unsupported("spec.type", spec.type, SERVICE_TYPES);
  const headless = spec.clusterIP === "None";
  const ports = spec.ports;
  if (spec.type !== "ExternalName" && !headless && (!Array.isArray(ports) || ports.length === 0)) causes.required("spec.ports");
  const names = new Set<string>();
  const list = objects(ports);
  list.forEach((port, index) => {
    const at = `spec.ports[${index}]`;
    const value = port.port;
    if (value === undefined) causes.required(`${at}.port`);
    else if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) causes.invalid(`${at}.port`, value, "must be between 1 and 65535, inclusive");
    if (list.length > 1) {
      if (typeof port.name !== "string" || !port.name) causes.required(`${at}.name`);
      else if (names.has(port.name)) causes.duplicate(`${at}.name`, port.name);
      else names.add(port.name);
    }
    if (!["TCP", "UDP", "SCTP"].includes(port.protocol as string)) causes.unsupported(`${at}.protocol`, port.protocol, ["SCTP", "TCP", "UDP"]);
    const target = port.targetPort;
    if (typeof target === "number" ? !Number.isInteger(target) || target < 1 || target > 65535 : typeof target !== "string" || !IANA_SVC_NAME.test(target) || target.length > 15) {
      causes.invalid(`${at}.targetPort`, target, "must contain at least one letter or number (a-z, 0-9), or be a number between 1 and 65535");
    }
  });
  if (spec.selector !== undefined) checkLabels(causes, "spec.selector", spec.selector);
  if (old && isJsonObject(old.spec)) {
    const before = old.spec.clusterIP;
    if (typeof before === "string" && before && spec.clusterIP !== before) causes.invalid("spec.clusterIP", spec.clusterIP ?? "", "field is immutable");
  }
}

/** Pod spec fields that may change on update (ValidatePodUpdate). */
function checkPodUpdate(causes: Causes, object: K8sObject, old: K8sObject): void {
  const spec = object.spec;
  const oldSpec = old.spec;
  if (!isJsonObject(spec) || !isJsonObject(oldSpec)) return;
  const comparable: JsonObject = JSON.parse(JSON.stringify(oldSpec));
  const copyImages = (field: "containers" | "initContainers") => {
    const now = objects(spec[field]);
    const before = objects(comparable[field]);
    if (now.length !== before.length) return;
    before.forEach((container, i) => {
      container.image = now[i]?.image;
    });
  };
  copyImages("containers");
  copyImages("initContainers");
  for (const field of ["activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"]) {
    if (spec[field] === undefined) delete comparable[field];
    else comparable[field] = spec[field];
  }
  // Binding a pod to a node (what the scheduler's pods/binding does) sets nodeName exactly once.
  if (!comparable.nodeName && spec.nodeName) comparable.nodeName = spec.nodeName;
  if (!jsonEqual(comparable, spec)) {
    causes.forbidden(
      "spec",
      "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    );
  }
}

function checkHpa(causes: Causes, object: K8sObject): void {
  const spec = object.spec;
  if (!isJsonObject(spec)) return causes.required("spec");
  const ref = spec.scaleTargetRef;
  if (!isJsonObject(ref)) causes.required("spec.scaleTargetRef");
  else {
    if (!ref.kind) causes.required("spec.scaleTargetRef.kind");
    if (!ref.name) causes.required("spec.scaleTargetRef.name");
  }
  const max = spec.maxReplicas;
  const min = spec.minReplicas;
  if (typeof max !== "number" || max < 1) causes.invalid("spec.maxReplicas", max, "must be greater than or equal to 1");
  if (typeof min === "number" && typeof max === "number" && min > max) causes.invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`");
}

function checkDataKeys(causes: Causes, field: string, data: unknown): void {
  if (data === undefined) return;
  if (!isJsonObject(data)) return causes.invalid(field, data, "must be a map of strings");
  for (const key of Object.keys(data)) {
    if (!CONFIG_KEY.test(key)) causes.invalid(field, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'");
  }
}

function checkCustomSpec(causes: Causes, schema: z.ZodType, object: K8sObject): void {
  if (!isJsonObject(object.spec)) return causes.required("spec");
  const result = schema.safeParse(object.spec);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const field = ["spec", ...issue.path.map(String)].join(".");
    if (issue.code === "invalid_type" && issue.input === undefined) causes.required(field);
    else causes.list.push({ field, message: issue.message.startsWith("Required value") ? issue.message : `Invalid value: ${issue.message}`, reason: "FieldValueInvalid" });
  }
}

/**
 * Throws 422 Invalid when `object` (already defaulted) is not acceptable; `old` is the stored
 * object on update, for immutability checks.
 */
export function validateObject(resource: ServedResource, object: K8sObject, old?: K8sObject): void {
  const causes = new Causes();
  checkMetadata(causes, resource, object);
  switch (resource.key) {
    case "pods":
      checkPodSpec(causes, "spec", object.spec);
      if (old) checkPodUpdate(causes, object, old);
      break;
    case "deployments.apps":
      checkWorkload(causes, "Deployment", object, old);
      break;
    case "replicasets.apps":
      checkWorkload(causes, "ReplicaSet", object, old);
      break;
    case "services":
      checkService(causes, object, old);
      break;
    case "configmaps":
      checkDataKeys(causes, "data", object.data);
      checkDataKeys(causes, "binaryData", object.binaryData);
      break;
    case "secrets":
      checkDataKeys(causes, "data", object.data);
      checkDataKeys(causes, "stringData", object.stringData);
      break;
    case "horizontalpodautoscalers.autoscaling":
      checkHpa(causes, object);
      break;
    case "networkpolicies.networking.k8s.io":
      if (!isJsonObject(object.spec)) causes.required("spec");
      break;
    case "resourcequotas": {
      const hard = isJsonObject(object.spec) ? object.spec.hard : undefined;
      if (isJsonObject(hard)) for (const [name, value] of Object.entries(hard)) if (!isQuantityValue(value)) causes.invalid(`spec.hard[${name}]`, value, "must be a valid quantity");
      break;
    }
    default: {
      const schema = CUSTOM_RESOURCE_SPECS[resource.key];
      if (schema) checkCustomSpec(causes, schema, object);
    }
  }
  if (causes.list.length > 0) {
    const kind = resource.group ? `${resource.kind}.${resource.group}` : resource.kind;
    throw invalid(kind, object.metadata.name ?? "", causes.list);
  }
}
