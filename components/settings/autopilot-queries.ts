import { queryOptions } from "@tanstack/react-query";
import type { AutopilotPolicyView } from "@/lib/autopilot/autopilot-policy";
import { operatorApi } from "@/components/auth/operator-queries";

/** The effective autopilot policies (admins' rows over the AUTOPILOT default), under one query key. */
export const autopilotPolicyListQuery = (initialData?: AutopilotPolicyView[]) =>
  queryOptions({
    queryKey: ["admin", "autopilot"] as const,
    queryFn: async () => (await operatorApi<{ items: AutopilotPolicyView[] }>("/api/admin/autopilot")).items,
    initialData,
  });

/** PUT /api/admin/autopilot/{namespace}. */
export function saveAutopilotPolicy(input: { namespace: string; maxRisk: string }): Promise<unknown> {
  return operatorApi(`/api/admin/autopilot/${encodeURIComponent(input.namespace)}`, { method: "PUT", body: { maxRisk: input.maxRisk } });
}

/** DELETE /api/admin/autopilot/{namespace}. */
export function removeAutopilotPolicy(namespace: string): Promise<void> {
  return operatorApi<void>(`/api/admin/autopilot/${encodeURIComponent(namespace)}`, { method: "DELETE" });
}
