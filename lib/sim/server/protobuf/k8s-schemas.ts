/**
 * Protobuf field numbers of the Kubernetes types that kubectl's typed clients send as
 * protobuf (`kubectl create namespace|deployment|configmap|secret|service|serviceaccount|quota`,
 * `kubectl autoscale`, and the DeleteOptions of `kubectl drain`),
 * from k8s.io/api and k8s.io/apimachinery `generated.proto`. Fields not listed are skipped.
 */

export type ScalarType = "string" | "bytes" | "int32" | "int64" | "bool";

/** Special encodings that map to a JSON scalar: metav1.Time, resource.Quantity, intstr.IntOrString. */
export type SpecialType = "Time" | "Quantity" | "IntOrString";

export type FieldType = ScalarType | SpecialType | { message: string } | { map: ScalarType | SpecialType };

export interface FieldSpec {
  name: string;
  type: FieldType;
  repeated?: boolean;
  /**
   * A Go pointer (`*int32`, `*bool`): present means set, so a zero value is kept. Other zero
   * scalars are dropped, as the JSON `omitempty` encoding would never have sent them.
   */
  pointer?: boolean;
}

export type MessageSchema = Record<number, FieldSpec>;

const s = (name: string): FieldSpec => ({ name, type: "string" });
const list = (name: string, type: FieldType): FieldSpec => ({ name, type, repeated: true });
const msg = (name: string, message: string): FieldSpec => ({ name, type: { message } });
const ptr = (name: string, type: FieldType): FieldSpec => ({ name, type, pointer: true });

export const MESSAGES: Record<string, MessageSchema> = {
  // runtime
  TypeMeta: { 1: s("apiVersion"), 2: s("kind") },

  // meta/v1
  ObjectMeta: {
    1: s("name"),
    2: s("generateName"),
    3: s("namespace"),
    4: s("selfLink"),
    5: s("uid"),
    6: s("resourceVersion"),
    7: { name: "generation", type: "int64" },
    8: { name: "creationTimestamp", type: "Time" },
    9: { name: "deletionTimestamp", type: "Time" },
    10: ptr("deletionGracePeriodSeconds", "int64"),
    11: { name: "labels", type: { map: "string" } },
    12: { name: "annotations", type: { map: "string" } },
    13: list("ownerReferences", { message: "OwnerReference" }),
    14: list("finalizers", "string"),
  },
  OwnerReference: { 1: s("kind"), 3: s("name"), 4: s("uid"), 5: s("apiVersion"), 6: ptr("controller", "bool"), 7: ptr("blockOwnerDeletion", "bool") },
  LabelSelector: { 1: { name: "matchLabels", type: { map: "string" } }, 2: list("matchExpressions", { message: "LabelSelectorRequirement" }) },
  LabelSelectorRequirement: { 1: s("key"), 2: s("operator"), 3: list("values", "string") },
  DeleteOptions: {
    1: ptr("gracePeriodSeconds", "int64"),
    2: msg("preconditions", "Preconditions"),
    3: ptr("orphanDependents", "bool"),
    4: ptr("propagationPolicy", "string"),
    5: list("dryRun", "string"),
  },
  Preconditions: { 1: ptr("uid", "string"), 2: ptr("resourceVersion", "string") },

  // core/v1
  Namespace: { 1: msg("metadata", "ObjectMeta"), 2: msg("spec", "NamespaceSpec"), 3: msg("status", "NamespaceStatus") },
  NamespaceSpec: { 1: list("finalizers", "string") },
  NamespaceStatus: { 1: s("phase") },
  ConfigMap: {
    1: msg("metadata", "ObjectMeta"),
    2: { name: "data", type: { map: "string" } },
    3: { name: "binaryData", type: { map: "bytes" } },
    4: ptr("immutable", "bool"),
  },
  Secret: {
    1: msg("metadata", "ObjectMeta"),
    2: { name: "data", type: { map: "bytes" } },
    3: s("type"),
    4: { name: "stringData", type: { map: "string" } },
    5: ptr("immutable", "bool"),
  },
  ServiceAccount: {
    1: msg("metadata", "ObjectMeta"),
    2: list("secrets", { message: "ObjectReference" }),
    3: list("imagePullSecrets", { message: "LocalObjectReference" }),
    4: ptr("automountServiceAccountToken", "bool"),
  },
  ObjectReference: { 1: s("kind"), 2: s("namespace"), 3: s("name"), 4: s("uid"), 5: s("apiVersion"), 6: s("resourceVersion"), 7: s("fieldPath") },
  LocalObjectReference: { 1: s("name") },
  Service: { 1: msg("metadata", "ObjectMeta"), 2: msg("spec", "ServiceSpec"), 3: msg("status", "Empty") },
  ServiceSpec: {
    1: list("ports", { message: "ServicePort" }),
    2: { name: "selector", type: { map: "string" } },
    3: s("clusterIP"),
    4: s("type"),
    5: list("externalIPs", "string"),
    7: s("sessionAffinity"),
    8: s("loadBalancerIP"),
    9: list("loadBalancerSourceRanges", "string"),
    10: s("externalName"),
    11: s("externalTrafficPolicy"),
    12: { name: "healthCheckNodePort", type: "int32" },
    13: { name: "publishNotReadyAddresses", type: "bool" },
    17: ptr("ipFamilyPolicy", "string"),
    18: list("clusterIPs", "string"),
    19: list("ipFamilies", "string"),
    20: ptr("allocateLoadBalancerNodePorts", "bool"),
    21: ptr("loadBalancerClass", "string"),
    22: ptr("internalTrafficPolicy", "string"),
  },
  ServicePort: { 1: s("name"), 2: s("protocol"), 3: { name: "port", type: "int32" }, 4: { name: "targetPort", type: "IntOrString" }, 5: { name: "nodePort", type: "int32" }, 6: ptr("appProtocol", "string") },
  ResourceQuota: { 1: msg("metadata", "ObjectMeta"), 2: msg("spec", "ResourceQuotaSpec"), 3: msg("status", "Empty") },
  ResourceQuotaSpec: { 1: { name: "hard", type: { map: "Quantity" } }, 2: list("scopes", "string") },
  PodTemplateSpec: { 1: msg("metadata", "ObjectMeta"), 2: msg("spec", "PodSpec") },
  PodSpec: {
    2: list("containers", { message: "Container" }),
    3: s("restartPolicy"),
    4: ptr("terminationGracePeriodSeconds", "int64"),
    5: ptr("activeDeadlineSeconds", "int64"),
    6: s("dnsPolicy"),
    7: { name: "nodeSelector", type: { map: "string" } },
    8: s("serviceAccountName"),
    9: s("serviceAccount"),
    10: s("nodeName"),
    11: { name: "hostNetwork", type: "bool" },
    12: { name: "hostPID", type: "bool" },
    13: { name: "hostIPC", type: "bool" },
    14: msg("securityContext", "Empty"),
    15: list("imagePullSecrets", { message: "LocalObjectReference" }),
    16: s("hostname"),
    17: s("subdomain"),
    19: s("schedulerName"),
    20: list("initContainers", { message: "Container" }),
    21: ptr("automountServiceAccountToken", "bool"),
    22: list("tolerations", { message: "Toleration" }),
    24: s("priorityClassName"),
    25: ptr("priority", "int32"),
    29: ptr("runtimeClassName", "string"),
    30: ptr("enableServiceLinks", "bool"),
    31: ptr("preemptionPolicy", "string"),
  },
  Toleration: { 1: s("key"), 2: s("operator"), 3: s("value"), 4: s("effect"), 5: ptr("tolerationSeconds", "int64") },
  Container: {
    1: s("name"),
    2: s("image"),
    3: list("command", "string"),
    4: list("args", "string"),
    5: s("workingDir"),
    6: list("ports", { message: "ContainerPort" }),
    7: list("env", { message: "EnvVar" }),
    8: msg("resources", "ResourceRequirements"),
    9: list("volumeMounts", { message: "VolumeMount" }),
    13: s("terminationMessagePath"),
    14: s("imagePullPolicy"),
    16: { name: "stdin", type: "bool" },
    17: { name: "stdinOnce", type: "bool" },
    18: { name: "tty", type: "bool" },
    20: s("terminationMessagePolicy"),
    24: ptr("restartPolicy", "string"),
  },
  ContainerPort: { 1: s("name"), 2: { name: "hostPort", type: "int32" }, 3: { name: "containerPort", type: "int32" }, 4: s("protocol"), 5: s("hostIP") },
  EnvVar: { 1: s("name"), 2: s("value") },
  ResourceRequirements: { 1: { name: "limits", type: { map: "Quantity" } }, 2: { name: "requests", type: { map: "Quantity" } } },
  VolumeMount: { 1: s("name"), 2: { name: "readOnly", type: "bool" }, 3: s("mountPath"), 4: s("subPath"), 6: s("subPathExpr") },
  /** A message whose content the simulator does not need (status on create, security contexts). */
  Empty: {},

  // autoscaling/v1 (kubectl autoscale)
  HorizontalPodAutoscaler: { 1: msg("metadata", "ObjectMeta"), 2: msg("spec", "HorizontalPodAutoscalerSpec"), 3: msg("status", "Empty") },
  HorizontalPodAutoscalerSpec: {
    1: msg("scaleTargetRef", "CrossVersionObjectReference"),
    2: ptr("minReplicas", "int32"),
    3: { name: "maxReplicas", type: "int32" },
    4: ptr("targetCPUUtilizationPercentage", "int32"),
  },
  CrossVersionObjectReference: { 1: s("kind"), 2: s("name"), 3: s("apiVersion") },

  // apps/v1
  Deployment: { 1: msg("metadata", "ObjectMeta"), 2: msg("spec", "DeploymentSpec"), 3: msg("status", "Empty") },
  DeploymentSpec: {
    1: ptr("replicas", "int32"),
    2: msg("selector", "LabelSelector"),
    3: msg("template", "PodTemplateSpec"),
    4: msg("strategy", "DeploymentStrategy"),
    5: { name: "minReadySeconds", type: "int32" },
    6: ptr("revisionHistoryLimit", "int32"),
    7: { name: "paused", type: "bool" },
    9: ptr("progressDeadlineSeconds", "int32"),
  },
  DeploymentStrategy: { 1: s("type"), 2: msg("rollingUpdate", "RollingUpdateDeployment") },
  RollingUpdateDeployment: { 1: ptr("maxUnavailable", "IntOrString"), 2: ptr("maxSurge", "IntOrString") },
};

/** Top-level kinds that can be decoded, by `apiVersion/kind`. */
export const DECODABLE_KINDS: Record<string, string> = {
  // kubectl drain / delete send their DeleteOptions as protobuf too.
  "v1/DeleteOptions": "DeleteOptions",
  "meta.k8s.io/v1/DeleteOptions": "DeleteOptions",
  "v1/Namespace": "Namespace",
  "v1/ConfigMap": "ConfigMap",
  "v1/Secret": "Secret",
  "v1/ServiceAccount": "ServiceAccount",
  "v1/Service": "Service",
  "v1/ResourceQuota": "ResourceQuota",
  "apps/v1/Deployment": "Deployment",
  "autoscaling/v1/HorizontalPodAutoscaler": "HorizontalPodAutoscaler",
};
