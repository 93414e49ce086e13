import { ClusterTopology } from "@/components/topology/cluster-topology";

export const dynamic = "force-dynamic";

/** Kubernetes namespace names: what `?namespace=` may carry (anything else falls back to the server's choice). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export default async function ClusterPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { namespace } = await searchParams;
  const initial = typeof namespace === "string" && namespace.length <= 63 && NAMESPACE.test(namespace) ? namespace : null;
  return <ClusterTopology initialNamespace={initial} />;
}
