/** Parameters and time windows the telemetry tools share. */
import { z } from "zod";

/** Longest window a telemetry tool reads. */
export const MAX_LOOKBACK_MINUTES = 24 * 60;
/** Points per series the tools ask the source for (the step follows from the window). */
const POINTS_PER_SERIES = 60;

export const serviceNameParam = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a service name like checkout")
  .describe("Service name (the app label), e.g. checkout");

export const lookbackParam = z.number().int().min(1).max(MAX_LOOKBACK_MINUTES).optional().describe("Minutes back from now to read (default 15)");

/** `[now - lookback, now]` on a grid of about POINTS_PER_SERIES points (at least 10 s apart). */
export function windowBounds(now: Date, lookbackMinutes = 15): { start: Date; end: Date; stepSeconds: number } {
  const stepSeconds = Math.max(10, Math.ceil((lookbackMinutes * 60) / POINTS_PER_SERIES));
  return { start: new Date(now.getTime() - lookbackMinutes * 60_000), end: now, stepSeconds };
}
