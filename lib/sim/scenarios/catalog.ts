/**
 * The library of fault scenarios. Each one is only a list of ordinary API writes (patches,
 * deletes, chaos objects): the model derives every consequence from the objects, and nothing
 * outside this file knows a scenario's name.
 */
import { RESOURCE_KEYS } from "../resources";
import { shopManifests } from "../shop/manifests";
import { SHOP_NAMESPACE } from "../shop/topology";
import type { ApiChange, Scenario } from "./types";

const ns = SHOP_NAMESPACE;
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

function patchDeployment(name: string, patch: unknown): ApiChange {
  return { op: "patch", resource: RESOURCE_KEYS.deployments, namespace: ns, name, patchType: "strategic", patch };
}

/** `kubectl rollout restart deployment/<name>` */
function rolloutRestart(name: string): ApiChange {
  return patchDeployment(name, { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "$NOW" } } } } });
}

/** `kubectl set image deployment/<name> <container>=<image>` */
function setImage(name: string, image: string): ApiChange {
  return patchDeployment(name, { spec: { template: { spec: { containers: [{ name, image }] } } } });
}

function setTargetPort(service: string, port: number, targetPort: number): ApiChange {
  return { op: "patch", resource: RESOURCE_KEYS.services, namespace: ns, name: service, patchType: "strategic", patch: { spec: { ports: [{ port, targetPort }] } } };
}

function baselineObject(kind: string, name: string): ApiChange {
  const item = shopManifests().find((m) => m.object.kind === kind && m.object.metadata.name === name);
  if (!item) throw new Error(`no baseline ${kind} ${name}`);
  return { op: "create", resource: item.resource, object: item.object as never };
}

function remove(resource: string, name: string): ApiChange {
  return { op: "delete", resource, namespace: ns, name };
}

const networkChaos = (name: string, spec: Record<string, unknown>): ApiChange => ({
  op: "create",
  resource: RESOURCE_KEYS.networkChaos,
  object: { apiVersion: "chaos-mesh.org/v1alpha1", kind: "NetworkChaos", metadata: { name, namespace: ns }, spec },
});

const databaseFault = (name: string, spec: Record<string, unknown>): ApiChange => ({
  op: "create",
  resource: RESOURCE_KEYS.databaseFaults,
  object: { apiVersion: "faults.agentic-sre.dev/v1alpha1", kind: "DatabaseFault", metadata: { name, namespace: ns }, spec },
});

/** Every scenario, by name. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: "baseline",
    title: "No fault",
    description: "The shop under its usual traffic, nothing injected: a false-positive check (no alert may fire).",
    inject: [],
    groundTruth: { faults: [], expectedAlerts: [], symptomaticServices: [], symptoms: {}, fix: [] },
    detectWithinSeconds: 600,
    recoverWithinSeconds: 60,
  },
  {
    name: "service-wrong-target-port",
    title: "cart Service targets a port nothing listens on",
    description: "The cart Service's targetPort is changed to 9999 while the pods listen on 8080: callers get connection refused, cart's pods stay healthy and idle.",
    inject: [setTargetPort("cart", 8080, 9999)],
    groundTruth: {
      faults: [{ kind: "Service", namespace: ns, name: "cart", systemLevel: "Virtualization", faultType: "Misconfiguration" }],
      expectedAlerts: [
        { alertname: "NoRequestsReceived", service: "cart" },
        { alertname: "HighErrorRatio", service: "frontend" },
        { alertname: "HighErrorRatio", service: "checkout" },
      ],
      symptomaticServices: ["cart", "frontend", "checkout"],
      symptoms: {
        failingEdges: [
          { from: "frontend", to: "cart", outcome: "connection_refused" },
          { from: "checkout", to: "cart", outcome: "connection_refused" },
        ],
        logs: [{ service: "frontend", contains: ":9999: connect: connection refused" }],
      },
      fix: [setTargetPort("cart", 8080, 8080)],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 120,
  },
  {
    name: "service-selector-mismatch",
    title: "shipping Service selects no pods",
    description: "The shipping Service's selector is changed to app=shipping-v2, which no pod carries: its Endpoints empty out and callers are refused.",
    inject: [{ op: "patch", resource: RESOURCE_KEYS.services, namespace: ns, name: "shipping", patchType: "strategic", patch: { spec: { selector: { app: "shipping-v2" } } } }],
    groundTruth: {
      faults: [{ kind: "Service", namespace: ns, name: "shipping", systemLevel: "Virtualization", faultType: "Misconfiguration" }],
      expectedAlerts: [
        { alertname: "NoRequestsReceived", service: "shipping" },
        { alertname: "HighErrorRatio", service: "checkout" },
        { alertname: "HighErrorRatio", service: "frontend" },
      ],
      symptomaticServices: ["shipping", "checkout", "frontend"],
      symptoms: { failingEdges: [{ from: "checkout", to: "shipping", outcome: "connection_refused" }], logs: [{ service: "checkout", contains: "connect: connection refused" }] },
      fix: [{ op: "patch", resource: RESOURCE_KEYS.services, namespace: ns, name: "shipping", patchType: "strategic", patch: { spec: { selector: { app: "shipping" } } } }],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 120,
  },
  {
    name: "service-deleted",
    title: "payment Service deleted",
    description: "The payment Service is deleted: its DNS name stops resolving and checkout fails with 'no such host' while payment's pods keep running.",
    inject: [remove(RESOURCE_KEYS.services, "payment")],
    groundTruth: {
      faults: [{ kind: "Service", namespace: ns, name: "payment", systemLevel: "Virtualization", faultType: "Operation Error" }],
      expectedAlerts: [
        { alertname: "HighErrorRatio", service: "checkout" },
        { alertname: "NoRequestsReceived", service: "payment" },
      ],
      symptomaticServices: ["payment", "checkout", "frontend"],
      symptoms: { failingEdges: [{ from: "checkout", to: "payment", outcome: "dns_error" }], logs: [{ service: "checkout", contains: "lookup payment on 10.96.0.10:53: no such host" }] },
      fix: [baselineObject("Service", "payment")],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 120,
  },
  {
    name: "bad-image-tag",
    title: "currency rolled out with an image tag that does not exist",
    description: "`kubectl set image` moves currency to 1.2.0, which the registry does not have: the new pod cannot pull its image and the rollout stalls while the old pods keep serving.",
    inject: [setImage("currency", "ghcr.io/agentic-sre/shop-currency:1.2.0")],
    groundTruth: {
      faults: [{ kind: "Deployment", namespace: ns, name: "currency", systemLevel: "Virtualization", faultType: "Operation Error" }],
      expectedAlerts: [{ alertname: "PodNotReady", service: "currency" }],
      symptomaticServices: ["currency"],
      symptoms: { podReasons: [{ service: "currency", reason: "ImagePullBackOff" }], eventReasons: ["Failed", "BackOff"] },
      fix: [setImage("currency", "ghcr.io/agentic-sre/shop-currency:1.0.0")],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 180,
  },
  {
    name: "wrong-command",
    title: "shipping rolled out with a command the image lacks",
    description: "A rollout sets shipping's command to `geo`, a binary its image does not contain: the new pod fails to start and crash-loops.",
    inject: [patchDeployment("shipping", { spec: { template: { spec: { containers: [{ name: "shipping", command: ["geo"] }] } } } })],
    groundTruth: {
      faults: [{ kind: "Deployment", namespace: ns, name: "shipping", systemLevel: "Application", faultType: "Misconfiguration" }],
      expectedAlerts: [{ alertname: "PodCrashLooping", service: "shipping" }],
      symptomaticServices: ["shipping"],
      symptoms: { podReasons: [{ service: "shipping", reason: "CrashLoopBackOff" }], eventReasons: ["Failed", "BackOff"] },
      fix: [patchDeployment("shipping", { spec: { template: { spec: { containers: [{ name: "shipping", command: null }] } } } })],
    },
    detectWithinSeconds: 360,
    recoverWithinSeconds: 180,
  },
  {
    name: "missing-config-key",
    title: "checkout's ConfigMap loses a key its pods need",
    description: "ORDER_CONFIRMATION is removed from checkout-config and checkout is restarted: the new pod cannot be configured (CreateContainerConfigError) and the rollout stalls.",
    inject: [{ op: "patch", resource: RESOURCE_KEYS.configMaps, namespace: ns, name: "checkout-config", patchType: "merge", patch: { data: { ORDER_CONFIRMATION: null } } }, rolloutRestart("checkout")],
    groundTruth: {
      faults: [{ kind: "ConfigMap", namespace: ns, name: "checkout-config", systemLevel: "Application", faultType: "Misconfiguration" }],
      expectedAlerts: [{ alertname: "PodNotReady", service: "checkout" }],
      symptomaticServices: ["checkout"],
      symptoms: { podReasons: [{ service: "checkout", reason: "CreateContainerConfigError" }], eventReasons: ["Failed"] },
      fix: [{ op: "patch", resource: RESOURCE_KEYS.configMaps, namespace: ns, name: "checkout-config", patchType: "merge", patch: { data: { ORDER_CONFIRMATION: "email" } } }],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 180,
  },
  {
    name: "oom-memory-limit",
    title: "recommendation's memory limit is below its working set",
    description: "recommendation's memory limit is lowered to 80Mi; under load its working set grows past it and the pods are OOMKilled over and over.",
    inject: [patchDeployment("recommendation", { spec: { template: { spec: { containers: [{ name: "recommendation", resources: { requests: { memory: "64Mi" }, limits: { memory: "80Mi" } } }] } } } })],
    groundTruth: {
      faults: [{ kind: "Deployment", namespace: ns, name: "recommendation", systemLevel: "Virtualization", faultType: "Misconfiguration" }],
      expectedAlerts: [{ alertname: "PodCrashLooping", service: "recommendation" }],
      symptomaticServices: ["recommendation"],
      symptoms: { podReasons: [{ service: "recommendation", reason: "OOMKilled" }], eventReasons: ["BackOff"] },
      fix: [patchDeployment("recommendation", { spec: { template: { spec: { containers: [{ name: "recommendation", resources: { requests: { memory: "128Mi" }, limits: { memory: "256Mi" } } }] } } } })],
    },
    detectWithinSeconds: 480,
    recoverWithinSeconds: 240,
  },
  {
    name: "impossible-node-selector",
    title: "ad requires a node label no node has",
    description: "ad's pod template gains nodeSelector disktype=nvme; no node carries it, so the new pod stays Pending (FailedScheduling).",
    inject: [patchDeployment("ad", { spec: { template: { spec: { nodeSelector: { disktype: "nvme" } } } } })],
    groundTruth: {
      faults: [{ kind: "Deployment", namespace: ns, name: "ad", systemLevel: "Virtualization", faultType: "Misconfiguration" }],
      expectedAlerts: [{ alertname: "PodNotReady", service: "ad" }],
      symptomaticServices: ["ad"],
      symptoms: { eventReasons: ["FailedScheduling"] },
      fix: [patchDeployment("ad", { spec: { template: { spec: { nodeSelector: null } } } })],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 180,
  },
  {
    name: "quota-exhausted",
    title: "A ResourceQuota leaves no room to recreate payment's pods",
    description: "A ResourceQuota caps the namespace at 20 pods (it runs 22); payment's pods are then deleted and the ReplicaSet cannot recreate them (FailedCreate: exceeded quota).",
    inject: [
      { op: "create", resource: RESOURCE_KEYS.resourceQuotas, object: { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "shop-quota", namespace: ns }, spec: { hard: { pods: "20" } } } },
      { op: "deleteCollection", resource: RESOURCE_KEYS.pods, namespace: ns, labelSelector: "app=payment" },
    ],
    groundTruth: {
      faults: [{ kind: "ResourceQuota", namespace: ns, name: "shop-quota", systemLevel: "Virtualization", faultType: "Misconfiguration" }],
      expectedAlerts: [
        { alertname: "HighErrorRatio", service: "checkout" },
        { alertname: "DeploymentReplicasMismatch", service: "payment" },
      ],
      symptomaticServices: ["payment", "checkout", "frontend"],
      symptoms: { eventReasons: ["FailedCreate"], failingEdges: [{ from: "checkout", to: "payment", outcome: "connection_refused" }] },
      fix: [remove(RESOURCE_KEYS.resourceQuotas, "shop-quota")],
    },
    detectWithinSeconds: 360,
    recoverWithinSeconds: 180,
  },
  {
    name: "network-policy-deny",
    title: "A NetworkPolicy lets only the frontend reach payment",
    description: "A NetworkPolicy on payment allows ingress from the frontend only; checkout's calls are dropped and time out while payment looks healthy and idle.",
    inject: [
      {
        op: "create",
        resource: RESOURCE_KEYS.networkPolicies,
        object: {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: { name: "payment-ingress", namespace: ns },
          spec: { podSelector: { matchLabels: { app: "payment" } }, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: { matchLabels: { app: "frontend" } } }], ports: [{ protocol: "TCP", port: 8080 }] }] },
        },
      },
    ],
    groundTruth: {
      faults: [{ kind: "NetworkPolicy", namespace: ns, name: "payment-ingress", systemLevel: "Virtualization", faultType: "Misconfiguration" }],
      expectedAlerts: [
        { alertname: "HighErrorRatio", service: "checkout" },
        { alertname: "NoRequestsReceived", service: "payment" },
      ],
      symptomaticServices: ["payment", "checkout", "frontend"],
      symptoms: { failingEdges: [{ from: "checkout", to: "payment", outcome: "timeout" }], logs: [{ service: "checkout", contains: "i/o timeout" }], slowServices: ["checkout"] },
      fix: [remove(RESOURCE_KEYS.networkPolicies, "payment-ingress")],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 180,
  },
  {
    name: "network-delay",
    title: "Network delay on the catalog database",
    description: "A NetworkChaos adds 600ms (+/-100ms) to every packet the catalog database sends: its clients slow down past their latency objectives, the database itself is fine.",
    inject: [networkChaos("catalog-db-delay", { action: "delay", mode: "all", selector: { namespaces: [ns], labelSelectors: { app: "catalog-db" } }, delay: { latency: "600ms", jitter: "100ms", correlation: "25" }, direction: "to" })],
    groundTruth: {
      faults: [{ kind: "NetworkChaos", namespace: ns, name: "catalog-db-delay", systemLevel: "Hardware", faultType: "Network/Storage Issue" }],
      expectedAlerts: [{ alertname: "HighLatencyP99", service: "product-catalog" }],
      symptomaticServices: ["product-catalog", "recommendation", "checkout", "frontend"],
      symptoms: { slowServices: ["product-catalog", "frontend"] },
      fix: [remove(RESOURCE_KEYS.networkChaos, "catalog-db-delay")],
    },
    detectWithinSeconds: 360,
    recoverWithinSeconds: 240,
  },
  {
    name: "network-partition",
    title: "Network partition between checkout and payment",
    description: "A NetworkChaos partitions checkout from payment in both directions: checkout's payment calls time out.",
    inject: [
      networkChaos("checkout-payment-partition", {
        action: "partition",
        mode: "all",
        selector: { namespaces: [ns], labelSelectors: { app: "checkout" } },
        direction: "both",
        target: { mode: "all", selector: { namespaces: [ns], labelSelectors: { app: "payment" } } },
      }),
    ],
    groundTruth: {
      faults: [{ kind: "NetworkChaos", namespace: ns, name: "checkout-payment-partition", systemLevel: "Hardware", faultType: "Network/Storage Issue" }],
      expectedAlerts: [
        { alertname: "HighErrorRatio", service: "checkout" },
        { alertname: "NoRequestsReceived", service: "payment" },
      ],
      symptomaticServices: ["payment", "checkout", "frontend"],
      symptoms: { failingEdges: [{ from: "checkout", to: "payment", outcome: "timeout" }], slowServices: ["checkout"] },
      fix: [remove(RESOURCE_KEYS.networkChaos, "checkout-payment-partition")],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 180,
  },
  {
    name: "db-revoked-role",
    title: "The catalog user loses its readWrite role",
    description: "The database revokes readWrite from user `catalog`: product-catalog's queries are refused (not authorized), everything that lists products fails, the database pod stays healthy.",
    inject: [databaseFault("revoke-catalog-readwrite", { database: "catalog-db", action: "RevokeRole", user: "catalog", role: "readWrite" })],
    groundTruth: {
      faults: [{ kind: "DatabaseFault", namespace: ns, name: "revoke-catalog-readwrite", systemLevel: "Application", faultType: "Authentication Issue" }],
      expectedAlerts: [
        { alertname: "HighErrorRatio", service: "product-catalog" },
        { alertname: "HighErrorRatio", service: "frontend" },
      ],
      symptomaticServices: ["product-catalog", "frontend", "recommendation", "checkout"],
      symptoms: {
        failingEdges: [{ from: "product-catalog", to: "catalog-db", outcome: "server_error" }],
        logs: [
          { service: "product-catalog", contains: "MongoServerError: not authorized on catalog to execute command" },
          { service: "catalog-db", contains: "Checking authorization failed" },
        ],
      },
      fix: [remove(RESOURCE_KEYS.databaseFaults, "revoke-catalog-readwrite")],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 120,
  },
  {
    name: "db-dropped-user",
    title: "The orders database user is dropped",
    description: "The database drops user `orders`: checkout cannot authenticate and every order fails.",
    inject: [databaseFault("drop-orders-user", { database: "catalog-db", action: "DropUser", user: "orders" })],
    groundTruth: {
      faults: [{ kind: "DatabaseFault", namespace: ns, name: "drop-orders-user", systemLevel: "Application", faultType: "Authentication Issue" }],
      expectedAlerts: [{ alertname: "HighErrorRatio", service: "checkout" }],
      symptomaticServices: ["checkout", "frontend"],
      symptoms: {
        failingEdges: [{ from: "checkout", to: "catalog-db", outcome: "server_error" }],
        logs: [
          { service: "checkout", contains: "MongoServerError: Authentication failed." },
          { service: "catalog-db", contains: 'UserNotFound: Could not find user \\"orders\\"' },
        ],
      },
      fix: [remove(RESOURCE_KEYS.databaseFaults, "drop-orders-user")],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 120,
  },
  {
    name: "db-wrong-password",
    title: "product-catalog restarted with a wrong database password",
    description: "The password in Secret product-catalog-db is changed (a botched rotation) and product-catalog restarted: the new pods fail to authenticate while the database is healthy.",
    inject: [
      { op: "patch", resource: RESOURCE_KEYS.secrets, namespace: ns, name: "product-catalog-db", patchType: "merge", patch: { data: { password: b64("catalog-rotated-2025") } } },
      rolloutRestart("product-catalog"),
    ],
    groundTruth: {
      faults: [{ kind: "Secret", namespace: ns, name: "product-catalog-db", systemLevel: "Application", faultType: "Authentication Issue" }],
      expectedAlerts: [
        { alertname: "HighErrorRatio", service: "product-catalog" },
        { alertname: "HighErrorRatio", service: "frontend" },
      ],
      symptomaticServices: ["product-catalog", "frontend", "recommendation", "checkout"],
      symptoms: {
        failingEdges: [{ from: "product-catalog", to: "catalog-db", outcome: "server_error" }],
        logs: [
          { service: "product-catalog", contains: "MongoServerError: Authentication failed." },
          { service: "catalog-db", contains: "storedKey mismatch" },
        ],
      },
      fix: [
        { op: "patch", resource: RESOURCE_KEYS.secrets, namespace: ns, name: "product-catalog-db", patchType: "merge", patch: { data: { password: b64("catalog-7d41e0") } } },
        rolloutRestart("product-catalog"),
      ],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 180,
  },
  {
    name: "scale-to-zero",
    title: "payment scaled to zero replicas",
    description: "payment is scaled to 0: the Service has no endpoints, checkout is refused.",
    inject: [patchDeployment("payment", { spec: { replicas: 0 } })],
    groundTruth: {
      faults: [{ kind: "Deployment", namespace: ns, name: "payment", systemLevel: "Virtualization", faultType: "Operation Error" }],
      expectedAlerts: [
        { alertname: "HighErrorRatio", service: "checkout" },
        { alertname: "NoRequestsReceived", service: "payment" },
      ],
      symptomaticServices: ["payment", "checkout", "frontend"],
      symptoms: { failingEdges: [{ from: "checkout", to: "payment", outcome: "connection_refused" }], logs: [{ service: "checkout", contains: "connect: connection refused" }] },
      fix: [patchDeployment("payment", { spec: { replicas: 2 } })],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 120,
  },
  {
    name: "memory-leak",
    title: "A memory leak in cart (StressChaos)",
    description: "A StressChaos grows cart's memory by 300MB over two minutes, past its 256Mi limit: the pods are OOMKilled and crash-loop while the leak is re-injected.",
    inject: [
      {
        op: "create",
        resource: RESOURCE_KEYS.stressChaos,
        object: {
          apiVersion: "chaos-mesh.org/v1alpha1",
          kind: "StressChaos",
          metadata: { name: "cart-memory-leak", namespace: ns },
          spec: { mode: "all", selector: { namespaces: [ns], labelSelectors: { app: "cart" } }, stressors: { memory: { workers: 1, size: "300MB", time: "2m" } } },
        },
      },
    ],
    groundTruth: {
      faults: [{ kind: "StressChaos", namespace: ns, name: "cart-memory-leak", systemLevel: "Application", faultType: "Code Defect" }],
      expectedAlerts: [{ alertname: "PodCrashLooping", service: "cart" }],
      symptomaticServices: ["cart", "frontend", "checkout"],
      symptoms: { podReasons: [{ service: "cart", reason: "OOMKilled" }] },
      fix: [remove(RESOURCE_KEYS.stressChaos, "cart-memory-leak")],
    },
    detectWithinSeconds: 480,
    recoverWithinSeconds: 240,
  },
  {
    name: "multi-cause",
    title: "Two faults at once: cart's targetPort and the orders user",
    description: "The cart Service targets port 9999 and the database drops user `orders` at the same time: two independent root causes whose symptoms overlap in checkout.",
    inject: [setTargetPort("cart", 8080, 9999), databaseFault("drop-orders-user", { database: "catalog-db", action: "DropUser", user: "orders" })],
    groundTruth: {
      faults: [
        { kind: "Service", namespace: ns, name: "cart", systemLevel: "Virtualization", faultType: "Misconfiguration" },
        { kind: "DatabaseFault", namespace: ns, name: "drop-orders-user", systemLevel: "Application", faultType: "Authentication Issue" },
      ],
      expectedAlerts: [
        { alertname: "NoRequestsReceived", service: "cart" },
        { alertname: "HighErrorRatio", service: "checkout" },
        { alertname: "HighErrorRatio", service: "frontend" },
      ],
      symptomaticServices: ["cart", "checkout", "frontend"],
      symptoms: {
        failingEdges: [
          { from: "frontend", to: "cart", outcome: "connection_refused" },
          { from: "checkout", to: "catalog-db", outcome: "server_error" },
        ],
        logs: [{ service: "checkout", contains: "MongoServerError: Authentication failed." }],
      },
      fix: [setTargetPort("cart", 8080, 8080), remove(RESOURCE_KEYS.databaseFaults, "drop-orders-user")],
    },
    detectWithinSeconds: 300,
    recoverWithinSeconds: 120,
  },
];

/** A scenario by name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
