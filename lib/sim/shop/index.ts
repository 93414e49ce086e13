/** The demo shop on the simulated cluster: install, traffic, telemetry, alerts, scenarios. */
export { attachShop, type AttachShopOptions, type AttachedShop, type ShopHost, type ShopStatus } from "./attach-shop";
export { installShop, resetShop, FAULT_RESOURCES, type ShopApplyResult } from "./install";
export { shopManifests, type ShopObject } from "./manifests";
export { SHOP_NAMESPACE, SHOP_SERVICES, shopService, type ShopService, type ShopDependency } from "./topology";
export { TrafficModel, TRAFFIC_TICK_MS, CALL_OUTCOMES, type CallOutcome, type TrafficSnapshot } from "./traffic-model";
