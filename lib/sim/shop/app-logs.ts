/**
 * Application log lines of the shop's services, written through the kubelet so `kubectl logs`
 * shows them: sampled request lines while healthy (bounded rate, never one per request) and
 * error lines that name the cause as the application sees it.
 */
import type { SeededRandom } from "../rng";

/** Appends to a running container's log (the kubelet's `appendLog`). */
export type LogSink = (namespace: string, pod: string, container: string, text: string) => boolean;

/** Expected request log lines per pod per simulated second while healthy. */
export const REQUEST_LOG_RATE = 0.1;
/** Expected error log lines per pod per failure cause per simulated second. */
export const ERROR_LOG_RATE = 0.4;

const PATHS: Record<string, string[]> = {
  frontend: ["GET /", "GET /product/OLJCESPC7Z", "GET /product/66VCHSJNUP", "GET /cart", "POST /cart", "POST /cart/checkout", "GET /api/recommendations"],
  checkout: ["POST /oteldemo.CheckoutService/PlaceOrder"],
  recommendation: ["POST /oteldemo.RecommendationService/ListRecommendations"],
  "product-catalog": ["POST /oteldemo.ProductCatalogService/GetProduct", "POST /oteldemo.ProductCatalogService/ListProducts"],
  cart: ["POST /oteldemo.CartService/GetCart", "POST /oteldemo.CartService/AddItem"],
  currency: ["POST /oteldemo.CurrencyService/Convert", "POST /oteldemo.CurrencyService/GetSupportedCurrencies"],
  payment: ["POST /oteldemo.PaymentService/Charge"],
  shipping: ["POST /get-quote", "POST /ship-order"],
  email: ["POST /send_order_confirmation"],
  ad: ["POST /oteldemo.AdService/GetAds"],
};

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Writes sampled log lines for the traffic model. */
export class AppLogWriter {
  constructor(
    private readonly sink: LogSink,
    private readonly rng: SeededRandom,
  ) {}

  /** Bernoulli trial for an expected `rate` lines per second over `dtSeconds`. */
  private due(rate: number, dtSeconds: number): boolean {
    return this.rng.next() < Math.min(1, rate * dtSeconds);
  }

  /** Maybe log one handled request. */
  request(options: { namespace: string; pod: string; container: string; service: string; status: number; durationSeconds: number; dtSeconds: number }): void {
    if (!this.due(REQUEST_LOG_RATE, options.dtSeconds)) return;
    const paths = PATHS[options.service] ?? ["GET /"];
    const [method, path] = (paths[this.rng.int(0, paths.length - 1)] ?? "GET /").split(" ");
    const traceId = this.rng.suffix(8) + this.rng.suffix(8);
    const level = options.status >= 500 ? "error" : "info";
    const line = `level=${level} service=${options.service} msg="request completed" http.method=${method} http.route=${path} http.status_code=${options.status} duration_ms=${(options.durationSeconds * 1000).toFixed(1)} trace_id=${traceId}`;
    this.sink(options.namespace, options.pod, options.container, line);
  }

  /** Maybe log a failed call to a dependency. */
  dependencyError(options: { namespace: string; pod: string; container: string; service: string; dependency: string; error: string; dtSeconds: number }): void {
    if (!this.due(ERROR_LOG_RATE, options.dtSeconds)) return;
    const line = `level=error service=${options.service} msg=${quote(`failed to call ${options.dependency}`)} peer.service=${options.dependency} error=${quote(options.error)}`;
    this.sink(options.namespace, options.pod, options.container, line);
  }

  /** Maybe log a line the process writes on its own (a server-side rejection, an overload warning). */
  raw(options: { namespace: string; pod: string; container: string; text: string; dtSeconds: number; rate?: number }): void {
    if (!this.due(options.rate ?? ERROR_LOG_RATE, options.dtSeconds)) return;
    this.sink(options.namespace, options.pod, options.container, options.text);
  }
}
