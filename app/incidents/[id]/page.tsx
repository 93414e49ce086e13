import { IncidentPage } from "@/components/incident/incident-page";

export default async function IncidentRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <IncidentPage id={id} />;
}
