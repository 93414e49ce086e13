/**
 * The shop as Kubernetes objects, as its Helm chart would render them: per component a
 * Deployment and a Service, ConfigMaps for settings, Secrets for credentials. These are the
 * baseline that `installShop` creates and `resetShop` re-applies.
 */
import { RESOURCE_KEYS } from "../resources";
import type { K8sObject, ObjectMeta, ResourceKey } from "../types";
import { APP_LABEL, APP_PORT, DATABASE_SERVICE, SHOP_NAMESPACE, SHOP_SERVICES, type ShopService } from "./topology";

/** An object to write and the store resource it belongs to. */
export interface ShopObject {
  resource: ResourceKey;
  object: Omit<K8sObject, "metadata"> & { metadata: Partial<ObjectMeta> & { name: string; namespace: string } };
}

/** Passwords of the database users (the database's and each client's Secret hold them). */
export const DATABASE_PASSWORDS: Readonly<Record<string, string>> = {
  admin: "s1m-r00t-9f2c",
  catalog: "catalog-7d41e0",
  orders: "orders-b83a5c",
};

/** Secret a database client reads its password from, by service. */
export function databaseClientSecretName(service: string): string {
  return `${service}-db`;
}

/** ConfigMap holding a service's settings. */
export function configMapName(service: string): string {
  return `${service}-config`;
}

/** Env var of the database pod holding a user's expected password. */
export function databasePasswordEnv(user: string): string {
  return `DB_USER_${user.toUpperCase()}_PASSWORD`;
}

const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

const commonLabels = (service: ShopService): Record<string, string> => ({
  [APP_LABEL]: service.name,
  "app.kubernetes.io/name": service.name,
  "app.kubernetes.io/part-of": "shop",
  "app.kubernetes.io/component": service.kind === "app" ? "service" : service.kind,
});

/** Settings each service keeps in its ConfigMap (one of them, per service, is read through a key reference). */
const SERVICE_SETTINGS: Record<string, Record<string, string>> = {
  frontend: { LOG_LEVEL: "info", SESSION_COOKIE_NAME: "shop_session", FEATURE_NEW_CHECKOUT: "false" },
  checkout: { LOG_LEVEL: "info", ORDER_CONFIRMATION: "email", MAX_ITEMS_PER_ORDER: "50" },
  recommendation: { LOG_LEVEL: "info", RECOMMENDATION_CACHE_SIZE: "2000", MAX_RESPONSES: "5" },
  "product-catalog": { LOG_LEVEL: "info", CATALOG_PAGE_SIZE: "20" },
  cart: { LOG_LEVEL: "info", CART_TTL_SECONDS: "86400" },
  currency: { LOG_LEVEL: "info", SUPPORTED_CURRENCIES: "EUR,USD,JPY,GBP,CAD", RATES_REFRESH_SECONDS: "300" },
  payment: { LOG_LEVEL: "info", PAYMENT_PROVIDER: "sandbox", CHARGE_TIMEOUT_MS: "2000" },
  shipping: { LOG_LEVEL: "info", QUOTE_CURRENCY: "USD" },
  email: { LOG_LEVEL: "info", SMTP_HOST: "smtp.example.com", SENDER: "orders@shop.example.com" },
  ad: { LOG_LEVEL: "info", AD_CATEGORIES: "clothing,accessories,footwear" },
};

/** The setting each service reads by `configMapKeyRef` (a missing key stops new pods from starting). */
const KEYED_SETTING: Record<string, string> = {
  frontend: "SESSION_COOKIE_NAME",
  checkout: "ORDER_CONFIRMATION",
  recommendation: "RECOMMENDATION_CACHE_SIZE",
  "product-catalog": "CATALOG_PAGE_SIZE",
  cart: "CART_TTL_SECONDS",
  currency: "SUPPORTED_CURRENCIES",
  payment: "PAYMENT_PROVIDER",
  shipping: "QUOTE_CURRENCY",
  email: "SMTP_HOST",
  ad: "AD_CATEGORIES",
};

function appContainer(service: ShopService): Record<string, unknown> {
  const env: Record<string, unknown>[] = [
    { name: "PORT", value: String(service.port) },
    { name: "OTEL_SERVICE_NAME", value: service.name },
    { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
  ];
  const keyed = KEYED_SETTING[service.name];
  if (keyed) env.push({ name: keyed, valueFrom: { configMapKeyRef: { name: configMapName(service.name), key: keyed } } });
  for (const dependency of service.dependencies) {
    const port = SHOP_SERVICES.find((s) => s.name === dependency.to)?.port ?? APP_PORT;
    env.push({ name: dependency.addressEnv, value: `${dependency.to}:${port}` });
  }
  if (service.databaseUser) {
    env.push({ name: "DB_USER", value: service.databaseUser });
    env.push({ name: "DB_NAME", value: service.databaseName ?? service.databaseUser });
    env.push({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: databaseClientSecretName(service.name), key: "password" } } });
  }
  if (service.name === "payment") env.push({ name: "PAYMENT_API_KEY", valueFrom: { secretKeyRef: { name: "payment-provider", key: "api-key" } } });
  return {
    name: service.name,
    image: service.image,
    imagePullPolicy: "IfNotPresent",
    ports: [{ name: "http", containerPort: service.port, protocol: "TCP" }],
    env,
    envFrom: [{ configMapRef: { name: configMapName(service.name) } }],
    resources: service.resources,
    readinessProbe: { httpGet: { path: "/readyz", port: service.port }, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: "/healthz", port: service.port }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 },
  };
}

function cacheContainer(service: ShopService): Record<string, unknown> {
  return {
    name: "redis",
    image: service.image,
    args: ["--maxmemory", "200mb", "--maxmemory-policy", "allkeys-lru"],
    ports: [{ name: "redis", containerPort: service.port, protocol: "TCP" }],
    resources: service.resources,
    readinessProbe: { tcpSocket: { port: service.port }, periodSeconds: 5 },
    livenessProbe: { tcpSocket: { port: service.port }, initialDelaySeconds: 5, periodSeconds: 10 },
  };
}

function databaseContainer(service: ShopService): Record<string, unknown> {
  const secretRef = (key: string) => ({ secretKeyRef: { name: `${DATABASE_SERVICE}-credentials`, key } });
  return {
    name: "mongodb",
    image: service.image,
    ports: [{ name: "mongodb", containerPort: service.port, protocol: "TCP" }],
    env: [
      { name: "MONGO_INITDB_ROOT_USERNAME", value: "admin" },
      { name: "MONGO_INITDB_ROOT_PASSWORD", valueFrom: secretRef("root-password") },
      ...Object.keys(DATABASE_PASSWORDS)
        .filter((user) => user !== "admin")
        .map((user) => ({ name: databasePasswordEnv(user), valueFrom: secretRef(`${user}-password`) })),
    ],
    resources: service.resources,
    readinessProbe: { tcpSocket: { port: service.port }, periodSeconds: 5 },
    livenessProbe: { tcpSocket: { port: service.port }, initialDelaySeconds: 10, periodSeconds: 10 },
  };
}

function deployment(service: ShopService): ShopObject {
  const labels = commonLabels(service);
  const container = service.kind === "app" ? appContainer(service) : service.kind === "cache" ? cacheContainer(service) : databaseContainer(service);
  return {
    resource: RESOURCE_KEYS.deployments,
    object: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: service.name, namespace: SHOP_NAMESPACE, labels },
      spec: {
        replicas: service.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: { [APP_LABEL]: service.name } },
        strategy: service.kind === "app" ? { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } : { type: "Recreate" },
        template: {
          metadata: { labels },
          spec: { containers: [container], terminationGracePeriodSeconds: service.kind === "app" ? 10 : 30 },
        },
      },
    },
  };
}

function service(component: ShopService): ShopObject {
  const portName = component.kind === "app" ? "http" : component.kind === "cache" ? "redis" : "mongodb";
  return {
    resource: RESOURCE_KEYS.services,
    object: {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: component.name, namespace: SHOP_NAMESPACE, labels: commonLabels(component) },
      spec: {
        type: "ClusterIP",
        selector: { [APP_LABEL]: component.name },
        ports: [{ name: portName, port: component.port, targetPort: component.port, protocol: "TCP" }],
      },
    },
  };
}

function configMap(name: string, data: Record<string, string>): ShopObject {
  return {
    resource: RESOURCE_KEYS.configMaps,
    object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: SHOP_NAMESPACE, labels: { "app.kubernetes.io/part-of": "shop" } }, data },
  };
}

function secret(name: string, data: Record<string, string>): ShopObject {
  const encoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) encoded[key] = b64(value);
  return {
    resource: RESOURCE_KEYS.secrets,
    object: { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: { name, namespace: SHOP_NAMESPACE, labels: { "app.kubernetes.io/part-of": "shop" } }, data: encoded },
  };
}

/**
 * Every baseline object of the shop, in apply order: configuration before the workloads that
 * read it, so pods never start against a missing ConfigMap.
 */
export function shopManifests(): ShopObject[] {
  const objects: ShopObject[] = [];
  for (const component of SHOP_SERVICES) {
    const settings = SERVICE_SETTINGS[component.name];
    if (settings) objects.push(configMap(configMapName(component.name), settings));
    if (component.databaseUser) objects.push(secret(databaseClientSecretName(component.name), { password: DATABASE_PASSWORDS[component.databaseUser] ?? "" }));
  }
  const dbSecret: Record<string, string> = {};
  for (const [user, password] of Object.entries(DATABASE_PASSWORDS)) dbSecret[user === "admin" ? "root-password" : `${user}-password`] = password;
  objects.push(secret(`${DATABASE_SERVICE}-credentials`, dbSecret));
  objects.push(secret("payment-provider", { "api-key": "sk_test_sim_4eC39HqLyjWDarjtT1zdp7dc" }));
  for (const component of SHOP_SERVICES) objects.push(service(component));
  for (const component of SHOP_SERVICES) objects.push(deployment(component));
  return objects;
}
