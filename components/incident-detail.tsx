"use client";

import { IncidentPage } from "./incident/incident-page";

/** The incident page (kept under its original name for existing imports). */
export function IncidentDetailView({ id }: { id: string }) {
  return <IncidentPage id={id} />;
}
