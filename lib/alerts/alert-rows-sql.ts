import "server-only";
import type { Tx } from "../db/transaction";

/**
 * The ingestion hot path in plain SQL. Prisma's createMany spends about a millisecond per alert
 * row in query building; one multi-row INSERT per chunk costs a few percent of that, which is
 * what lets a 2-core machine take thousands of alerts a second. Everything else stays in Prisma.
 * Values are always bound parameters, never spliced into the SQL text.
 */
export type SqlDialect = "sqlite" | "postgresql";

/** Rows per INSERT: below SQLite's 32,766 and PostgreSQL's 65,535 bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;

export interface AlertRow {
  id: string;
  source: string;
  externalId: string | null;
  fingerprint: string;
  status: string;
  severity: string;
  name: string;
  summary: string;
  description: string;
  cluster: string | null;
  namespace: string | null;
  service: string | null;
  labels: unknown;
  annotations: unknown;
  startsAt: Date;
  endsAt: Date | null;
  generatorUrl: string | null;
  raw: unknown;
  receivedCount: number;
  incidentId: string | null;
}

export interface AlertRowUpdate {
  id: string;
  status: string;
  severity: string;
  name: string;
  summary: string;
  description: string;
  labels: unknown;
  annotations: unknown;
  endsAt: Date | null;
  generatorUrl: string | null;
  raw: unknown;
}

export interface EventRow {
  incidentId: string;
  type: string;
  payload: unknown;
}

/**
 * Timestamps exactly as Prisma's SQLite adapter writes them (`...sss+00:00`): SQLite compares
 * these as text, so a different spelling of the same instant would sort wrongly.
 */
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, "+00:00");
}

interface Column {
  name: string;
  kind: "text" | "json" | "timestamp" | "int";
}

function placeholder(dialect: SqlDialect, index: number, kind: Column["kind"]): string {
  if (dialect === "sqlite") return "?";
  const cast = kind === "json" ? "::jsonb" : kind === "timestamp" ? "::timestamp(3)" : kind === "int" ? "::int" : "";
  return `$${index}${cast}`;
}

function bindValue(dialect: SqlDialect, kind: Column["kind"], value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === "json") return JSON.stringify(value);
  if (kind === "timestamp") return dialect === "sqlite" ? sqliteTimestamp(value as Date) : (value as Date).toISOString();
  return value;
}

async function insertRows(tx: Tx, dialect: SqlDialect, table: string, columns: Column[], rows: Record<string, unknown>[]): Promise<void> {
  const columnList = columns.map((c) => `"${c.name}"`).join(", ");
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const cells = columns.map((column) => {
        values.push(bindValue(dialect, column.kind, row[column.name]));
        return placeholder(dialect, values.length, column.kind);
      });
      return `(${cells.join(", ")})`;
    });
    await tx.$executeRawUnsafe(`INSERT INTO "${table}" (${columnList}) VALUES ${tuples.join(", ")}`, ...values);
  }
}

const ALERT_COLUMNS: Column[] = [
  { name: "id", kind: "text" },
  { name: "source", kind: "text" },
  { name: "externalId", kind: "text" },
  { name: "fingerprint", kind: "text" },
  { name: "status", kind: "text" },
  { name: "severity", kind: "text" },
  { name: "name", kind: "text" },
  { name: "summary", kind: "text" },
  { name: "description", kind: "text" },
  { name: "cluster", kind: "text" },
  { name: "namespace", kind: "text" },
  { name: "service", kind: "text" },
  { name: "labels", kind: "json" },
  { name: "annotations", kind: "json" },
  { name: "startsAt", kind: "timestamp" },
  { name: "endsAt", kind: "timestamp" },
  { name: "generatorUrl", kind: "text" },
  { name: "raw", kind: "json" },
  { name: "receivedCount", kind: "int" },
  { name: "incidentId", kind: "text" },
  { name: "createdAt", kind: "timestamp" },
  { name: "updatedAt", kind: "timestamp" },
];

export async function insertAlertRows(tx: Tx, dialect: SqlDialect, rows: AlertRow[], now: Date): Promise<void> {
  await insertRows(tx, dialect, "Alert", ALERT_COLUMNS, rows.map((row) => ({ ...row, createdAt: now, updatedAt: now })));
}

const EVENT_COLUMNS: Column[] = [
  { name: "incidentId", kind: "text" },
  { name: "type", kind: "text" },
  { name: "payload", kind: "json" },
  { name: "createdAt", kind: "timestamp" },
];

/** Appends events in array order (ids increase in that order). */
export async function insertEventRows(tx: Tx, dialect: SqlDialect, rows: EventRow[], now: Date): Promise<void> {
  await insertRows(tx, dialect, "IncidentEvent", EVENT_COLUMNS, rows.map((row) => ({ ...row, createdAt: now })));
}

const UPDATE_COLUMNS: Column[] = [
  { name: "status", kind: "text" },
  { name: "severity", kind: "text" },
  { name: "name", kind: "text" },
  { name: "summary", kind: "text" },
  { name: "description", kind: "text" },
  { name: "labels", kind: "json" },
  { name: "annotations", kind: "json" },
  { name: "endsAt", kind: "timestamp" },
  { name: "generatorUrl", kind: "text" },
  { name: "raw", kind: "json" },
  { name: "updatedAt", kind: "timestamp" },
];

/** A repeat notification: refresh the alert's fields and count it. */
export async function updateAlertRows(tx: Tx, dialect: SqlDialect, updates: AlertRowUpdate[], now: Date): Promise<void> {
  for (const update of updates) {
    const row: Record<string, unknown> = { ...update, updatedAt: now };
    const values: unknown[] = [];
    const sets = UPDATE_COLUMNS.map((column) => {
      values.push(bindValue(dialect, column.kind, row[column.name]));
      return `"${column.name}" = ${placeholder(dialect, values.length, column.kind)}`;
    });
    values.push(update.id);
    await tx.$executeRawUnsafe(
      `UPDATE "Alert" SET ${sets.join(", ")}, "receivedCount" = "receivedCount" + 1 WHERE "id" = ${placeholder(dialect, values.length, "text")}`,
      ...values,
    );
  }
}
