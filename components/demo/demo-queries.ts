import { queryOptions } from "@tanstack/react-query";
import type { DemoClock, DemoState } from "@/lib/demo/demo-views";

/** `GET /api/demo`: the simulator is off, or its panel state. */
export type DemoPanelState = { enabled: false } | ({ enabled: true } & DemoState);

async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: "same-origin", headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  } catch {
    throw new Error("the server could not be reached; check your connection and try again");
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `the server answered ${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

/** Query keys and fetchers of the demo fault panel. */
export const demoQueries = {
  state: () =>
    queryOptions({
      queryKey: ["demo", "state"],
      queryFn: () => requestJson<DemoPanelState>("/api/demo"),
      refetchInterval: 10_000,
    }),
};

export function injectScenario({ name }: { name: string }): Promise<{ scenario: string; at: string; changes: number }> {
  return requestJson(`/api/demo/scenarios/${encodeURIComponent(name)}/inject`, { method: "POST" });
}

export function resetShop(): Promise<{ at: string }> {
  return requestJson("/api/demo/reset", { method: "POST" });
}

export function setClockSpeed({ speed }: { speed: number }): Promise<DemoClock> {
  return requestJson("/api/demo/clock", { method: "PUT", body: JSON.stringify({ speed }) });
}
