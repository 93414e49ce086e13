/**
 * The incident's alerts as the model sees them: an untrusted-data block with the alert fields
 * that help a diagnosis, including free text (summary, description, annotations) that anyone
 * able to configure an alert rule or send a webhook controls.
 */
import { z } from "zod";
import { clip, untrustedBlock } from "./untrusted-data";

/** Alerts put in a prompt at most. */
export const MAX_PROMPT_ALERTS = 20;
/** Characters of one alert's free text kept. */
const MAX_ALERT_TEXT = 1_000;

// The reasoner receives NormalizedAlert objects; the agent schemas strip their free text, so it is picked here.
const promptAlertSchema = z
  .object({
    name: z.string(),
    status: z.string(),
    severity: z.string(),
    service: z.string().nullable().optional(),
    namespace: z.string().nullable().optional(),
    startsAt: z.coerce.date(),
    summary: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .loose();

/** Options of `alertsBlock`. */
export interface AlertsBlockOptions {
  alerts: readonly unknown[];
}

/** The alerts as one untrusted-data block (JSON lines). */
export function alertsBlock({ alerts }: AlertsBlockOptions): string {
  const lines = alerts.slice(0, MAX_PROMPT_ALERTS).map((raw) => {
    const parsed = promptAlertSchema.safeParse(raw);
    if (!parsed.success) return JSON.stringify({ unreadable: clip(JSON.stringify(raw) ?? "", 300) });
    const a = parsed.data;
    return JSON.stringify({
      name: a.name,
      status: a.status,
      severity: a.severity,
      service: a.service ?? null,
      namespace: a.namespace ?? null,
      startsAt: a.startsAt.toISOString(),
      ...(a.summary ? { summary: clip(a.summary, MAX_ALERT_TEXT) } : {}),
      ...(a.description ? { description: clip(a.description, MAX_ALERT_TEXT) } : {}),
      ...(a.labels && Object.keys(a.labels).length ? { labels: a.labels } : {}),
      ...(a.annotations && Object.keys(a.annotations).length ? { annotations: Object.fromEntries(Object.entries(a.annotations).map(([k, v]) => [k, clip(v, MAX_ALERT_TEXT)])) } : {}),
    });
  });
  const more = alerts.length > MAX_PROMPT_ALERTS ? [`(${alerts.length - MAX_PROMPT_ALERTS} more alerts not shown)`] : [];
  return untrustedBlock({ source: "alerts" }, [...lines, ...more].join("\n"));
}
