/**
 * Labelled retrieval set for the demo shop: what an agent would search for when an alert fires
 * (the alert, plus the telling detail a first look shows: a log line, an event, a pod status),
 * and the runbook sections (`slug#anchor`) that answer it. A query counts as answered at k when
 * any expected section is among the first k passages. Used by the recall test and
 * `npm run bench:memory`; keep it honest: queries use the words an alert or a tool output would
 * use, not the runbook's own phrasing.
 */

export interface LabelledQuery {
  id: string;
  /** The alert that fired. */
  alert: { alertname: string; service: string; summary: string };
  /** What the first look showed (log line, event, pod status), appended to the query. */
  detail: string;
  /** Sections that answer it, as `slug#anchor`. */
  expected: string[];
}

/** The query text an agent would send for a labelled query. */
export function queryText(query: LabelledQuery): string {
  return `${query.alert.alertname} ${query.alert.service} ${query.alert.summary} ${query.detail}`;
}

const alert = (alertname: string, service: string, summary: string) => ({ alertname, service, summary });
const errorRatio = (service: string) => alert("HighErrorRatio", service, `High error ratio on shop/${service}`);
const noRequests = (service: string) => alert("NoRequestsReceived", service, `shop/${service} receives no requests`);
const crashLooping = (service: string) => alert("PodCrashLooping", service, "Pod is crash looping.");
const notReady = (service: string) => alert("PodNotReady", service, "Pod has been in a non-ready state for more than 2 minutes.");
const latency = (service: string) => alert("HighLatencyP99", service, `p99 latency of shop/${service} is above its objective`);
const replicas = (service: string) => alert("DeploymentReplicasMismatch", service, "Deployment has not matched the expected number of replicas.");

const TARGET_PORT = ["service-wrong-target-port#symptoms", "service-wrong-target-port#diagnosis", "service-wrong-target-port#mitigation"];
const SELECTOR = ["service-selector-no-endpoints#symptoms", "service-selector-no-endpoints#diagnosis", "service-selector-no-endpoints#mitigation"];
const DELETED = ["service-deleted#symptoms", "service-deleted#diagnosis", "service-deleted#mitigation"];
const IMAGE = ["image-pull-backoff#symptoms", "image-pull-backoff#diagnosis", "image-pull-backoff#mitigation"];
const COMMAND = ["crashloop-bad-command#symptoms", "crashloop-bad-command#diagnosis", "crashloop-bad-command#mitigation"];
const CONFIG = ["missing-config-key#symptoms", "missing-config-key#diagnosis", "missing-config-key#mitigation"];
const OOM = ["oomkilled-memory-limit#symptoms", "oomkilled-memory-limit#diagnosis", "oomkilled-memory-limit#mitigation"];
const LEAK = ["memory-leak#symptoms", "memory-leak#diagnosis", "memory-leak#mitigation"];
const PENDING = ["pods-pending-unschedulable#symptoms", "pods-pending-unschedulable#diagnosis", "pods-pending-unschedulable#mitigation"];
const QUOTA = ["resource-quota-exceeded#symptoms", "resource-quota-exceeded#diagnosis", "resource-quota-exceeded#mitigation"];
const POLICY = ["network-policy-blocking#symptoms", "network-policy-blocking#diagnosis", "network-policy-blocking#mitigation"];
const NETWORK = ["network-latency-and-partition#symptoms", "network-latency-and-partition#diagnosis", "network-latency-and-partition#mitigation"];
const DB_AUTHZ = ["database-authorization-failed#symptoms", "database-authorization-failed#diagnosis", "database-authorization-failed#mitigation"];
const DB_CREDS = ["database-credentials-rotation#symptoms", "database-credentials-rotation#diagnosis", "database-credentials-rotation#mitigation"];
const SCALED = ["deployment-scaled-to-zero#symptoms", "deployment-scaled-to-zero#diagnosis", "deployment-scaled-to-zero#mitigation"];

/** The labelled set (36 queries over the 18 scenarios with a fault and the three alert runbooks). */
export const LABELLED_QUERIES: readonly LabelledQuery[] = [
  // service-wrong-target-port
  { id: "target-port-frontend", alert: errorRatio("frontend"), detail: 'msg="failed to call cart" error="dial tcp 10.96.12.7:9999: connect: connection refused"', expected: TARGET_PORT },
  { id: "target-port-cart-idle", alert: noRequests("cart"), detail: "cart pods Running and Ready, endpoints list pods on port 9999, container listens on 8080", expected: TARGET_PORT },
  { id: "target-port-fix", alert: errorRatio("checkout"), detail: "how to fix cart Service targetPort 9999 that does not match containerPort 8080", expected: TARGET_PORT },
  // service-selector-mismatch
  { id: "selector-endpoints-none", alert: noRequests("shipping"), detail: "kubectl get endpoints shipping shows <none>; selector app=shipping-v2", expected: SELECTOR },
  { id: "selector-checkout", alert: errorRatio("checkout"), detail: 'msg="failed to call shipping" error="connect: connection refused", shipping Service has no endpoints', expected: SELECTOR },
  // service-deleted
  { id: "deleted-no-such-host", alert: errorRatio("checkout"), detail: 'error="dial tcp: lookup payment on 10.96.0.10:53: no such host"', expected: DELETED },
  { id: "deleted-notfound", alert: noRequests("payment"), detail: 'services "payment" not found, payment pods still running', expected: DELETED },
  // bad-image-tag
  { id: "image-pull", alert: notReady("currency"), detail: "pod currency-5f7c status ImagePullBackOff, Failed to pull image ghcr.io/agentic-sre/shop-currency:1.2.0: manifest unknown", expected: IMAGE },
  { id: "image-errimagepull", alert: notReady("currency"), detail: "ErrImagePull after kubectl set image, rollout stuck waiting for new replicas", expected: IMAGE },
  { id: "image-rollback", alert: notReady("currency"), detail: "roll back deployment to previous image tag that exists", expected: IMAGE },
  // wrong-command
  { id: "command-crashloop", alert: crashLooping("shipping"), detail: 'CrashLoopBackOff, exec: "geo": executable file not found in $PATH, exit code 127', expected: COMMAND },
  { id: "command-after-rollout", alert: crashLooping("shipping"), detail: "container command changed by the last rollout revision, Back-off restarting failed container", expected: COMMAND },
  // missing-config-key
  { id: "config-key", alert: notReady("checkout"), detail: "CreateContainerConfigError: couldn't find key ORDER_CONFIRMATION in ConfigMap shop/checkout-config", expected: CONFIG },
  { id: "config-restore", alert: notReady("checkout"), detail: "restore missing configmap key checkout-config after rollout restart", expected: CONFIG },
  // oom-memory-limit
  { id: "oom-limit", alert: crashLooping("recommendation"), detail: "Last State Terminated Reason OOMKilled Exit Code 137, memory limit 80Mi", expected: OOM },
  { id: "oom-raise-limit", alert: crashLooping("recommendation"), detail: "raise memory limit resources set after limit was lowered", expected: OOM },
  // memory-leak
  { id: "leak-stresschaos", alert: crashLooping("cart"), detail: "OOMKilled repeatedly, StressChaos cart-memory-leak memory stressor selects app=cart", expected: LEAK },
  { id: "leak-sawtooth", alert: crashLooping("cart"), detail: "working set grows steadily while request rate is flat until OOMKilled, sawtooth memory graph", expected: LEAK },
  // impossible-node-selector
  { id: "pending-node-selector", alert: notReady("ad"), detail: "FailedScheduling 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector", expected: PENDING },
  { id: "pending-disktype", alert: notReady("ad"), detail: "pod Pending, nodeSelector disktype=nvme, no node has this label", expected: PENDING },
  // quota-exhausted
  { id: "quota-failedcreate", alert: replicas("payment"), detail: 'FailedCreate: pods "payment-7c9f" is forbidden: exceeded quota: shop-quota, requested: pods=1, used: pods=20, limited: pods=20', expected: QUOTA },
  { id: "quota-checkout", alert: errorRatio("checkout"), detail: "payment has 0 of 2 replicas available, ReplicaSet cannot create pods, ResourceQuota used equals hard", expected: QUOTA },
  // network-policy-deny
  { id: "policy-timeout", alert: errorRatio("checkout"), detail: 'msg="failed to call payment" error="dial tcp 10.96.3.9:8080: i/o timeout"; payment healthy and idle; frontend still reaches payment', expected: POLICY },
  { id: "policy-ingress", alert: noRequests("payment"), detail: "NetworkPolicy payment-ingress allows ingress only from app=frontend", expected: POLICY },
  // network-delay
  { id: "delay-catalog-db", alert: latency("product-catalog"), detail: "catalog-db healthy, normal CPU, every query to the database takes 600ms longer", expected: [...NETWORK, "alerts/high-latency-p99#triage"] },
  { id: "delay-networkchaos", alert: latency("product-catalog"), detail: "NetworkChaos catalog-db-delay action delay latency 600ms jitter 100ms", expected: NETWORK },
  // network-partition
  { id: "partition", alert: errorRatio("checkout"), detail: "NetworkChaos checkout-payment-partition action partition direction both; context deadline exceeded", expected: NETWORK },
  // db-revoked-role
  { id: "db-not-authorized", alert: errorRatio("product-catalog"), detail: 'MongoServerError: not authorized on catalog to execute command { find: "products" }', expected: DB_AUTHZ },
  { id: "db-revoked-frontend", alert: errorRatio("frontend"), detail: "catalog-db logs Checking authorization failed; readWrite role revoked from user catalog", expected: DB_AUTHZ },
  // db-dropped-user
  { id: "db-user-not-found", alert: errorRatio("checkout"), detail: 'catalog-db: UserNotFound: Could not find user "orders"', expected: DB_AUTHZ },
  // db-wrong-password
  { id: "db-storedkey", alert: errorRatio("product-catalog"), detail: "MongoServerError: Authentication failed. catalog-db SCRAM authentication failed, storedKey mismatch after Secret product-catalog-db changed", expected: DB_CREDS },
  { id: "db-rotation", alert: errorRatio("product-catalog"), detail: "password rotation in Secret, new pods fail to authenticate after rollout restart", expected: DB_CREDS },
  // scale-to-zero
  { id: "scaled-zero", alert: noRequests("payment"), detail: "deployment payment READY 0/0, spec.replicas 0, ScalingReplicaSet scaled down to 0", expected: SCALED },
  { id: "scaled-zero-fix", alert: errorRatio("checkout"), detail: "scale payment deployment back to 2 replicas", expected: SCALED },
  // Alert triage
  { id: "triage-error-ratio", alert: errorRatio("frontend"), detail: "which dependency is failing, where to start", expected: ["alerts/high-error-ratio#triage", "alerts/high-error-ratio#reading-the-error-message"] },
  { id: "triage-no-requests", alert: noRequests("cart"), detail: "callers attempt calls but none reach the service", expected: ["alerts/no-requests-received#triage", "alerts/no-requests-received#mitigation"] },
  { id: "triage-latency-cpu", alert: latency("frontend"), detail: "CPU at its limit, throttling, slowest hop", expected: ["alerts/high-latency-p99#triage", "alerts/high-latency-p99#mitigation"] },
];
