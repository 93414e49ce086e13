import { expect, type APIRequestContext } from "@playwright/test";
import { E2E_SIM_URL } from "../playwright.config";
import { operatorTokenHeaders } from "./auth";

/**
 * Resets the simulated shop (every fault removed) and waits until no shop incident is open: the
 * specs share one simulator, and a fault's alerts still firing from a previous spec would fold a
 * new injection of the same fault into the old incident.
 */
export async function resetShopAndSettle(request: APIRequestContext, timeout = 150_000): Promise<void> {
  expect((await request.post(`${E2E_SIM_URL}/sim/v1/reset`)).ok()).toBe(true);
  await expect(async () => {
    const response = await request.get("/api/incidents?status=open&pageSize=100", { headers: operatorTokenHeaders });
    const open = ((await response.json()) as { items: { namespace: string | null; state: string }[] }).items.filter((i) => i.namespace === "shop");
    expect(open.map((i) => i.state), "open shop incidents").toEqual([]);
  }).toPass({ timeout, intervals: [1_000] });
}
