import "server-only";
/** Reads of one named object: a 404 is an answer ("no such pod"), not a failure. */
import { isApiError } from "../api-errors";

/** Awaits a read; resolves undefined when the API answers 404, rethrows anything else. */
export async function undefinedIfNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isApiError(error, 404)) return undefined;
    throw error;
  }
}
