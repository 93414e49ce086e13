/**
 * The layered layout of a call graph: one column per call depth (entry services on the left,
 * their callees to the right), rows ordered to keep callers and callees level. Pure and
 * deterministic, shared by the `topology` tool (depths) and the browser's topology view (positions).
 */

/** A caller -> callee link between two service ids. */
export interface CallLink {
  from: string;
  to: string;
}

/** Options of `callDepths`. */
export interface CallDepthsOptions {
  /** Service ids. */
  services: readonly string[];
  calls: readonly CallLink[];
}

/**
 * Depth of each service: the longest chain of calls from an entry service (one nobody calls).
 * Cycles are broken by dropping the edges that close them in a depth-first walk from the entry
 * services (in name order), so the result is the same for the same graph.
 */
export function callDepths(options: CallDepthsOptions): Record<string, number> {
  const services = [...new Set(options.services)].sort();
  const known = new Set(services);
  const callees = new Map<string, string[]>(services.map((s) => [s, []]));
  const hasCaller = new Set<string>();
  for (const { from, to } of options.calls) {
    if (!known.has(from) || !known.has(to) || from === to) continue;
    callees.get(from)?.push(to);
    hasCaller.add(to);
  }
  for (const list of callees.values()) list.sort();

  // Depth-first from entry services, then from whatever a cycle left unvisited; keep forward edges only.
  const state = new Map<string, "active" | "done">();
  const order: string[] = [];
  const dag = new Map<string, string[]>(services.map((s) => [s, []]));
  const visit = (start: string) => {
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, "active");
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const list = callees.get(top.id) ?? [];
      if (top.next < list.length) {
        const to = list[top.next++] as string;
        const s = state.get(to);
        if (s === "active") continue; // closes a cycle: dropped
        dag.get(top.id)?.push(to);
        if (s === undefined) {
          state.set(to, "active");
          stack.push({ id: to, next: 0 });
        }
      } else {
        state.set(top.id, "done");
        order.push(top.id);
        stack.pop();
      }
    }
  };
  for (const s of services) if (!hasCaller.has(s) && !state.has(s)) visit(s);
  for (const s of services) if (!state.has(s)) visit(s);

  // `order` is a post-order: reversed, every caller comes before its callees.
  const depth: Record<string, number> = Object.fromEntries(services.map((s) => [s, 0]));
  for (const id of order.reverse()) for (const to of dag.get(id) ?? []) depth[to] = Math.max(depth[to] ?? 0, (depth[id] ?? 0) + 1);
  return depth;
}

/** Sizes of the layout, in SVG user units. */
export interface TopologyLayoutSizes {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
  padding: number;
}

/** Sizes the topology view uses unless told otherwise. */
export const DEFAULT_TOPOLOGY_SIZES: Readonly<TopologyLayoutSizes> = Object.freeze({ nodeWidth: 168, nodeHeight: 58, columnGap: 72, rowGap: 22, padding: 16 });

/** One placed service. */
export interface PlacedService {
  id: string;
  depth: number;
  /** Row within its column. */
  row: number;
  /** Top-left corner. */
  x: number;
  y: number;
}

/** The placed services and the drawing's size. */
export interface TopologyLayout {
  services: PlacedService[];
  width: number;
  height: number;
  sizes: TopologyLayoutSizes;
}

/** Options of `layoutTopology`. */
export interface LayoutTopologyOptions extends CallDepthsOptions {
  sizes?: Partial<TopologyLayoutSizes>;
}

/** Places services in columns by call depth; within a column, by the mean row of their callers, then by name. */
export function layoutTopology(options: LayoutTopologyOptions): TopologyLayout {
  const sizes = { ...DEFAULT_TOPOLOGY_SIZES, ...options.sizes };
  const depth = callDepths(options);
  const ids = Object.keys(depth).sort();
  const maxDepth = ids.reduce((m, id) => Math.max(m, depth[id] ?? 0), 0);
  const callers = new Map<string, string[]>();
  for (const { from, to } of options.calls) if (from !== to) callers.set(to, [...(callers.get(to) ?? []), from]);

  const row = new Map<string, number>();
  const columns: string[][] = [];
  for (let d = 0; d <= maxDepth; d++) {
    const column = ids.filter((id) => depth[id] === d);
    const weight = (id: string) => {
      const placed = (callers.get(id) ?? []).map((c) => row.get(c)).filter((r): r is number => r !== undefined);
      return placed.length ? placed.reduce((a, b) => a + b, 0) / placed.length : Number.POSITIVE_INFINITY;
    };
    column.sort((a, b) => weight(a) - weight(b) || a.localeCompare(b));
    column.forEach((id, index) => row.set(id, index));
    columns.push(column);
  }
  const rows = columns.reduce((m, c) => Math.max(m, c.length), 0);
  const services: PlacedService[] = columns.flatMap((column, d) =>
    column.map((id, r) => ({ id, depth: d, row: r, x: sizes.padding + d * (sizes.nodeWidth + sizes.columnGap), y: sizes.padding + r * (sizes.nodeHeight + sizes.rowGap) })),
  );
  return {
    services,
    width: ids.length === 0 ? 2 * sizes.padding : 2 * sizes.padding + (maxDepth + 1) * sizes.nodeWidth + maxDepth * sizes.columnGap,
    height: ids.length === 0 ? 2 * sizes.padding : 2 * sizes.padding + rows * sizes.nodeHeight + Math.max(0, rows - 1) * sizes.rowGap,
    sizes,
  };
}
