/**
 * Images the shop needs beyond the simulator's built-in catalogue: the OpenTelemetry demo's
 * product-catalog and ad services (the other shop images already exist in `lib/sim/images.ts`).
 */
import { registerImage, shopImageSpec } from "../images";

const EXTRA_SHOP_IMAGES = ["product-catalog", "ad"] as const;

let registered = false;

/** Make every shop image pullable (idempotent). */
export function registerShopImages(): void {
  if (registered) return;
  registered = true;
  for (const service of EXTRA_SHOP_IMAGES) {
    registerImage(`ghcr.io/agentic-sre/shop-${service}`, {
      "1.0.0": shopImageSpec({ service, version: "1.0.0" }),
      "1.1.0": shopImageSpec({ service, version: "1.1.0" }),
    });
  }
}
