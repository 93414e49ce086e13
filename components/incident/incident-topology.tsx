"use client";

import { useQuery } from "@tanstack/react-query";
import { TopologyView } from "../topology/topology-view";
import { topologyQueries } from "../topology/topology-queries";

/**
 * The incident's namespace as a call graph, services coloured by health, with the diagnosed
 * faulty object and its blast radius highlighted. Loaded after the rest of the page (it reads the
 * whole namespace), refreshed with the topology's own interval.
 */
export function IncidentTopology({ namespace, faulty }: { namespace: string; faulty: { kind: string; name: string } | null }) {
  const graph = useQuery(topologyQueries.graph(namespace));
  return (
    <section className="panel" aria-labelledby="incident-topology-heading" data-testid="incident-topology">
      <h2 id="incident-topology-heading">Topology</h2>
      {graph.isError ? <p className="error">Could not load the topology: {graph.error.message}</p> : null}
      {graph.isPending ? <p className="muted">Loading the topology…</p> : null}
      {graph.data ? (
        <>
          <TopologyView
            graph={graph.data.graph}
            health={graph.data.health}
            highlight={faulty ? { faulty: { kind: faulty.kind, name: faulty.name } } : undefined}
            label={`Services of ${namespace}${faulty ? `, ${faulty.kind} ${faulty.name} highlighted as the faulty object` : ""}`}
          />
          <p className="muted small">
            {faulty ? (
              <>
                Faulty object: <strong>{faulty.kind}/{faulty.name}</strong>; the services it touches are marked.
              </>
            ) : (
              "No faulty object diagnosed yet."
            )}
          </p>
        </>
      ) : null}
    </section>
  );
}
