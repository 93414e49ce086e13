/**
 * Adds streamed events to the ones a page already holds: sorted by id, each id once. A reconnect
 * may replay an event the page already has (a late-committed event delivered out of order moves
 * the browser's Last-Event-ID back), and the initial load and the stream overlap; neither may show
 * twice. Returns the same array when nothing is new, so React skips the re-render.
 */
export function mergeEvents<E extends { id: number }>(existing: readonly E[], incoming: readonly E[]): readonly E[] {
  if (incoming.length === 0) return existing;
  const last = existing.at(-1)?.id ?? 0;
  // The common case: strictly newer events, in order.
  if (incoming.every((e, i) => e.id > last && (i === 0 || e.id > incoming[i - 1]!.id))) return [...existing, ...incoming];
  const byId = new Map(existing.map((e) => [e.id, e]));
  let added = false;
  for (const event of incoming) {
    if (!byId.has(event.id)) {
      byId.set(event.id, event);
      added = true;
    }
  }
  return added ? [...byId.values()].sort((a, b) => a.id - b.id) : existing;
}
