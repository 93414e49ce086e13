import { queryOptions } from "@tanstack/react-query";
import type { OperatorAccount } from "@/lib/auth/operator-accounts";

/** An API error in words: the server's message and, for invalid fields, which field and why. */
export class OperatorApiError extends Error {}

async function readError(response: Response): Promise<OperatorApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; issues?: { path: string; message: string }[] } } | null;
  const message = body?.error?.message ?? `the server answered HTTP ${response.status}`;
  const issues = body?.error?.issues?.map((issue) => `${issue.path || "body"}: ${issue.message}`).join("; ");
  return new OperatorApiError(issues ? `${message} (${issues})` : message);
}

/** JSON call to /api/admin/users with the browser's session cookie. */
export async function operatorApi<T>(path: string, init: { method: string; body?: unknown } = { method: "GET" }): Promise<T> {
  const response = await fetch(path, {
    method: init.method,
    credentials: "same-origin",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw await readError(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The operator list, under one query key. */
export const operatorListQuery = (initialData?: OperatorAccount[]) =>
  queryOptions({
    queryKey: ["admin", "operators"] as const,
    queryFn: async () => (await operatorApi<{ items: OperatorAccount[] }>("/api/admin/users")).items,
    initialData,
  });
