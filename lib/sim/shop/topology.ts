/**
 * The demo shop's architecture, in the spirit of the OpenTelemetry demo: which services exist,
 * what each costs per request, and the call graph a user request fans out along. The manifests
 * (`manifests.ts`) and the traffic model (`traffic-model.ts`) both read this one description, so
 * a service's env (`CART_ADDR=cart:8080`) and the edges traffic follows can never disagree.
 */

/** Namespace the shop is installed in. */
export const SHOP_NAMESPACE = "shop";

/** Port every shop application service listens on (the image default). */
export const APP_PORT = 8080;

/** What kind of workload a shop component is: application services speak HTTP/gRPC, the rest are data stores. */
export type ShopComponentKind = "app" | "cache" | "database";

/** One outgoing dependency of a service. */
export interface ShopDependency {
  /** Name of the callee service. */
  to: string;
  /** Env var holding the callee's address (`host:port`), read by the caller at runtime. */
  addressEnv: string;
  /** Average calls per inbound request; below 1 means only that share of requests makes the call. */
  callsPerRequest: number;
  /**
   * A failed call fails the caller's request. Optional dependencies (ads, recommendations,
   * confirmation e-mail) degrade gracefully: logged, not propagated.
   */
  critical: boolean;
}

/** Everything the model needs to know about one component. */
export interface ShopService {
  name: string;
  kind: ShopComponentKind;
  /** Container image (tag included). */
  image: string;
  /** Port the process listens on and the Service targets. */
  port: number;
  replicas: number;
  /** Median processing time of one request, excluding downstream calls, in ms. */
  serviceTimeMs: number;
  /** CPU time per request, in ms (1 rps x 1 ms = 1 millicore). */
  cpuMsPerRequest: number;
  /** Working set a busy pod adds per request/s it serves (caches, buffers), in MiB. */
  memoryMiBPerRps: number;
  /** Heap the application allocates once warmed up, in MiB. */
  heapMiB: number;
  /** Resources of the main container. */
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
  /** p99 latency objective, in seconds (HighLatencyP99 fires above it). */
  sloP99Seconds: number;
  dependencies: ShopDependency[];
  /** Database user the service authenticates as (database clients only). */
  databaseUser?: string;
  /** Database (schema) and collection it reads, for realistic error messages. */
  databaseName?: string;
  collection?: string;
}

/** Name of the cache Service. */
export const CACHE_SERVICE = "redis-cart";
/** Name of the database Service. */
export const DATABASE_SERVICE = "catalog-db";
/** Ports of the data stores. */
export const CACHE_PORT = 6379;
export const DATABASE_PORT = 27017;

const appResources = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string) => ({
  requests: { cpu, memory },
  limits: { cpu: cpuLimit, memory: memoryLimit },
});

function dep(to: string, callsPerRequest: number, critical: boolean): ShopDependency {
  const base = to === CACHE_SERVICE ? "REDIS" : to === DATABASE_SERVICE ? "DB" : to.toUpperCase().replace(/-/g, "_");
  return { to, addressEnv: `${base}_ADDR`, callsPerRequest, critical };
}

function shopImage(service: string): string {
  return `ghcr.io/agentic-sre/shop-${service}:1.0.0`;
}

/** The shop's components, callers before callees (a topological order of the call graph). */
export const SHOP_SERVICES: readonly ShopService[] = [
  {
    name: "frontend",
    kind: "app",
    image: shopImage("frontend"),
    port: APP_PORT,
    replicas: 2,
    serviceTimeMs: 6,
    cpuMsPerRequest: 6,
    memoryMiBPerRps: 1,
    heapMiB: 24,
    resources: appResources("100m", "128Mi", "500m", "256Mi"),
    sloP99Seconds: 1,
    dependencies: [
      dep("product-catalog", 1, true),
      dep("currency", 0.8, true),
      dep("cart", 0.3, true),
      dep("recommendation", 0.4, false),
      dep("ad", 0.5, false),
      dep("shipping", 0.1, true),
      dep("checkout", 0.05, true),
    ],
  },
  {
    name: "checkout",
    kind: "app",
    image: shopImage("checkout"),
    port: APP_PORT,
    replicas: 2,
    serviceTimeMs: 10,
    cpuMsPerRequest: 8,
    memoryMiBPerRps: 2,
    heapMiB: 20,
    resources: appResources("100m", "128Mi", "500m", "256Mi"),
    sloP99Seconds: 1,
    dependencies: [
      dep("cart", 1, true),
      dep("product-catalog", 1, true),
      dep("currency", 1, true),
      dep("shipping", 1, true),
      dep("payment", 1, true),
      dep("email", 1, false),
      dep(DATABASE_SERVICE, 1, true),
    ],
    databaseUser: "orders",
    databaseName: "orders",
    collection: "orders",
  },
  {
    name: "recommendation",
    kind: "app",
    image: shopImage("recommendation"),
    port: APP_PORT,
    replicas: 2,
    serviceTimeMs: 8,
    cpuMsPerRequest: 5,
    memoryMiBPerRps: 3,
    heapMiB: 30,
    resources: appResources("100m", "128Mi", "500m", "256Mi"),
    sloP99Seconds: 0.5,
    dependencies: [dep("product-catalog", 1, true)],
  },
  {
    name: "product-catalog",
    kind: "app",
    image: shopImage("product-catalog"),
    port: APP_PORT,
    replicas: 2,
    serviceTimeMs: 4,
    cpuMsPerRequest: 4,
    memoryMiBPerRps: 1,
    heapMiB: 16,
    resources: appResources("100m", "128Mi", "500m", "256Mi"),
    sloP99Seconds: 0.5,
    dependencies: [dep(DATABASE_SERVICE, 1, true)],
    databaseUser: "catalog",
    databaseName: "catalog",
    collection: "products",
  },
  {
    name: "cart",
    kind: "app",
    image: shopImage("cart"),
    port: APP_PORT,
    replicas: 2,
    serviceTimeMs: 3,
    cpuMsPerRequest: 3,
    memoryMiBPerRps: 1,
    heapMiB: 16,
    resources: appResources("100m", "128Mi", "500m", "256Mi"),
    sloP99Seconds: 0.5,
    dependencies: [dep(CACHE_SERVICE, 1.5, true)],
  },
  { name: "currency", kind: "app", image: shopImage("currency"), port: APP_PORT, replicas: 2, serviceTimeMs: 2, cpuMsPerRequest: 2, memoryMiBPerRps: 0.5, heapMiB: 12, resources: appResources("50m", "64Mi", "300m", "192Mi"), sloP99Seconds: 0.25, dependencies: [] },
  { name: "payment", kind: "app", image: shopImage("payment"), port: APP_PORT, replicas: 2, serviceTimeMs: 15, cpuMsPerRequest: 4, memoryMiBPerRps: 2, heapMiB: 16, resources: appResources("50m", "64Mi", "300m", "192Mi"), sloP99Seconds: 0.5, dependencies: [] },
  { name: "shipping", kind: "app", image: shopImage("shipping"), port: APP_PORT, replicas: 2, serviceTimeMs: 4, cpuMsPerRequest: 2, memoryMiBPerRps: 0.5, heapMiB: 12, resources: appResources("50m", "64Mi", "300m", "192Mi"), sloP99Seconds: 0.25, dependencies: [] },
  { name: "email", kind: "app", image: shopImage("email"), port: APP_PORT, replicas: 2, serviceTimeMs: 12, cpuMsPerRequest: 3, memoryMiBPerRps: 1, heapMiB: 12, resources: appResources("50m", "64Mi", "300m", "192Mi"), sloP99Seconds: 0.5, dependencies: [] },
  { name: "ad", kind: "app", image: shopImage("ad"), port: APP_PORT, replicas: 2, serviceTimeMs: 3, cpuMsPerRequest: 2, memoryMiBPerRps: 1, heapMiB: 20, resources: appResources("50m", "64Mi", "300m", "192Mi"), sloP99Seconds: 0.25, dependencies: [] },
  {
    name: CACHE_SERVICE,
    kind: "cache",
    image: "redis:7.2",
    port: CACHE_PORT,
    replicas: 1,
    serviceTimeMs: 0.4,
    cpuMsPerRequest: 0.3,
    memoryMiBPerRps: 0.2,
    heapMiB: 8,
    resources: appResources("50m", "64Mi", "500m", "256Mi"),
    sloP99Seconds: 0.1,
    dependencies: [],
  },
  {
    name: DATABASE_SERVICE,
    kind: "database",
    image: "mongo:7",
    port: DATABASE_PORT,
    replicas: 1,
    serviceTimeMs: 2,
    cpuMsPerRequest: 2,
    memoryMiBPerRps: 1,
    heapMiB: 60,
    resources: appResources("200m", "256Mi", "1", "1Gi"),
    sloP99Seconds: 0.25,
    dependencies: [],
  },
];

const byName = new Map(SHOP_SERVICES.map((s) => [s.name, s]));

/** A shop component by name, or undefined. */
export function shopService(name: string): ShopService | undefined {
  return byName.get(name);
}

/** Service receiving the users' requests. */
export const ENTRY_SERVICE = "frontend";

/** Label every shop pod carries with its service name (Services select on it). */
export const APP_LABEL = "app";
