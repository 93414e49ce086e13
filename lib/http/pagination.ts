import { z } from "zod";
import { ApiError, issuesFromZod } from "./api-error";

export const MAX_PAGE_SIZE = 100;

export const paginationSchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25),
});

export type Pagination = z.infer<typeof paginationSchema>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** Parses query parameters with a zod schema; a bad value is a 400 that names the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.infer<S> {
  const result = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!result.success) {
    throw new ApiError("bad_request", "invalid query parameters", issuesFromZod(result.error.issues));
  }
  return result.data;
}
