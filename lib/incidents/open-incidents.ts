import { TERMINAL_STATES } from "./lifecycle";

/**
 * Prisma filters for open and closed incidents. Whether an incident is open is read from its
 * state, never from `resolvedAt`: an incident closed as noise has no `resolvedAt`, and one whose
 * fix was later undone is open again while keeping its first `resolvedAt`.
 */
export const OPEN_INCIDENT_WHERE = { state: { notIn: [...TERMINAL_STATES] } };
export const CLOSED_INCIDENT_WHERE = { state: { in: [...TERMINAL_STATES] } };

export function isOpenState(state: string): boolean {
  return !(TERMINAL_STATES as readonly string[]).includes(state);
}
