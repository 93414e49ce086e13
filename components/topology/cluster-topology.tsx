"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { shortLabel } from "@/lib/graph/describe-graph";
import { indexGraph } from "@/lib/graph/graph-index";
import { healthBand } from "@/lib/graph/topology-highlight";
import type { ClusterGraph } from "@/lib/graph/types";
import { topologyQueries, type ClusterGraphResponse } from "./topology-queries";
import { TopologyView } from "./topology-view";

const pct = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(2)}%`);

/** The selected service's health parts and the Kubernetes objects behind it. */
function ServiceDetails({ view, serviceId }: { view: ClusterGraphResponse; serviceId: string }) {
  const index = indexGraph(view.graph);
  const service = index.nodes.get(serviceId);
  if (!service) return null;
  const health = view.health?.services.find((s) => s.nodeId === serviceId);
  const related = (index.out.get(serviceId) ?? []).filter((e) => e.type !== "calls").map((e) => index.nodes.get(e.to));
  const callers = (index.in.get(serviceId) ?? []).filter((e) => e.type === "calls").map((e) => index.nodes.get(e.from)?.name ?? e.from);
  const callees = (index.out.get(serviceId) ?? []).filter((e) => e.type === "calls").map((e) => index.nodes.get(e.to)?.name ?? e.to);
  const band = healthBand(health?.score);
  return (
    <section className="panel" aria-labelledby="service-details-heading" data-testid="service-details">
      <h2 id="service-details-heading" style={{ marginTop: 0 }}>
        {service.name}{" "}
        <span className={`badge health-${band.band}`}>
          <span aria-hidden="true">{band.icon}</span> {health ? `H ${Math.round(health.score)}` : "no measurement"}
        </span>
      </h2>
      {health ? (
        <dl className="facts">
          <dt>availability</dt>
          <dd>
            score {health.parts.scores.availability.toFixed(2)} · replicas {pct(health.parts.availability.replicas)} · requests {pct(health.parts.availability.requests)} (SLO {pct(health.parts.slo.availability)})
          </dd>
          <dt>errors</dt>
          <dd>
            score {health.parts.scores.errors.toFixed(2)} · {pct(health.parts.errorRatio)} (SLO {pct(health.parts.slo.errorRatio)})
          </dd>
          <dt>latency</dt>
          <dd>
            score {health.parts.scores.latency.toFixed(2)} · p99 {health.parts.latencyP99Ms === null ? "n/a" : `${Math.round(health.parts.latencyP99Ms)} ms`} (SLO {health.parts.slo.p99Ms} ms)
          </dd>
          <dt>pods</dt>
          <dd>
            score {health.parts.scores.pods.toFixed(2)} · {health.parts.unhealthyPods.count} of {health.parts.unhealthyPods.of} not ready
          </dd>
          <dt>traffic</dt>
          <dd>
            {health.parts.traffic} · {health.parts.requestRate === null ? "n/a" : `${health.parts.requestRate.toFixed(2)} req/s`}
          </dd>
          {health.parts.findings.length ? (
            <>
              <dt>findings</dt>
              <dd>{health.parts.findings.join("; ")}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <dl className="facts" style={{ marginTop: "0.75rem" }}>
        <dt>Service</dt>
        <dd>{service.status}</dd>
        <dt>called by</dt>
        <dd>{callers.join(", ") || "—"}</dd>
        <dt>calls</dt>
        <dd>{callees.join(", ") || "—"}</dd>
        <dt>objects</dt>
        <dd>
          <ul className="topology-objects">
            {related.map((node) =>
              node ? (
                <li key={node.id} className={node.unhealthy ? "error" : undefined}>
                  <span aria-hidden="true">{node.unhealthy ? "✗ " : "✓ "}</span>
                  {shortLabel(node.id)} <span className="muted">{node.status}</span>
                </li>
              ) : null,
            )}
          </ul>
        </dd>
      </dl>
    </section>
  );
}

function UnhealthyObjects({ graph }: { graph: ClusterGraph }) {
  const unhealthy = graph.nodes.filter((n) => n.unhealthy && n.kind !== "Service");
  if (unhealthy.length === 0) return <p className="muted">No unhealthy Kubernetes objects.</p>;
  return (
    <ul className="topology-objects" data-testid="unhealthy-objects">
      {unhealthy.map((n) => (
        <li key={n.id} className="error">
          <span aria-hidden="true">✗ </span>
          {shortLabel(n.id)} <span className="muted">{n.status}</span>
        </li>
      ))}
    </ul>
  );
}

/** The /cluster page: namespace picker, live topology, the selected service's health, unhealthy objects. */
export function ClusterTopology({ initialNamespace }: { initialNamespace: string | null }) {
  const [namespace, setNamespace] = useState<string | null>(initialNamespace);
  const [selected, setSelected] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const queryClient = useQueryClient();
  const query = useQuery(topologyQueries.graph(namespace));
  const view = query.data;

  const refresh = async () => {
    setRefreshing(true);
    try {
      queryClient.setQueryData(topologyQueries.graph(namespace).queryKey, await topologyQueries.refresh(namespace));
    } catch {
      await query.refetch();
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <section aria-labelledby="cluster-heading">
      <div className="toolbar">
        <h1 id="cluster-heading" style={{ margin: 0 }}>
          Cluster
        </h1>
        {view ? (
          <label>
            Namespace{" "}
            <select
              value={view.namespace}
              onChange={(event) => {
                setNamespace(event.target.value);
                setSelected(null);
              }}
            >
              {view.namespaces.map((ns) => (
                <option key={ns} value={ns}>
                  {ns}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" onClick={() => void refresh()} disabled={refreshing}>
          {refreshing ? "Refreshing…" : "Refresh now"}
        </button>
        {view ? (
          <span className="muted">
            {view.health ? `namespace H ${Math.round(view.health.score)} · ` : ""}read {new Date(view.graph.builtAt).toLocaleTimeString()}
          </span>
        ) : null}
      </div>

      {query.isError ? (
        <p className="error" role="alert">
          Could not load the cluster graph: {query.error.message}
        </p>
      ) : null}
      {query.isPending ? <p className="muted">Reading the cluster…</p> : null}

      {view ? (
        <>
          <TopologyView graph={view.graph} health={view.health} selected={selected} onSelect={setSelected} />
          {view.healthError ? <p className="muted">{view.healthError}</p> : null}
          {view.graph.warnings.length ? (
            <p className="muted" role="status">
              {view.graph.warnings.join("; ")}
            </p>
          ) : null}
          <div className="topology-columns">
            {selected ? <ServiceDetails view={view} serviceId={selected} /> : <p className="muted">Select a service to see its health and objects.</p>}
            <section className="panel" aria-labelledby="unhealthy-heading">
              <h2 id="unhealthy-heading" style={{ marginTop: 0 }}>
                Unhealthy objects
              </h2>
              <UnhealthyObjects graph={view.graph} />
            </section>
          </div>
        </>
      ) : null}
    </section>
  );
}
