import { z } from "zod";
import { ApiError, issuesFromZod } from "../http/api-error";

/** Parses `value` or throws a 422 ApiError whose issues name each bad field. */
export function parsePostmortemInput<S extends z.ZodType>({ schema, value, what }: { schema: S; value: unknown; what: string }): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues);
    throw new ApiError("unprocessable", `invalid ${what}: ${issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join("; ")}`, issues);
  }
  return parsed.data;
}
