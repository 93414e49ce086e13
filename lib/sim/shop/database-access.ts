/**
 * What the database answers a client that reached it: authentication of the client's user and
 * password (from the client's environment) against the users the database knows (from its own
 * environment) and the DatabaseFault resources in effect (dropped user, revoked role, exhausted
 * connections, locked collection, slow queries). Messages are MongoDB's, as the Node driver and
 * mongod print them.
 */
import type { K8sObject } from "../types";
import { isExperimentActive } from "./chaos-selector";
import { databasePasswordEnv } from "./manifests";

/** The database's answer to one client's queries. */
export type DatabaseAnswer =
  | { kind: "ok"; extraLatencySeconds: number }
  | {
      kind: "rejected";
      /** Status the database reports in its own request metrics. */
      code: "401" | "403";
      /** What the client application logs. */
      clientError: string;
      /** What mongod logs. */
      serverLog: string;
    }
  | { kind: "timeout"; afterSeconds: number; clientError: string };

/** Who is asking and what. */
export interface DatabaseRequest {
  /** Name of the database Service the client connects to. */
  databaseService: string;
  clientEnv: Readonly<Record<string, string>>;
  /** Environment of the database process (knows the users' passwords). */
  databaseEnv: Readonly<Record<string, string>> | undefined;
  clientIp: string;
  collection: string;
  faults: readonly K8sObject[];
  nowMs: number;
}

/** How long the driver waits for a pooled connection before giving up. */
const WAIT_QUEUE_TIMEOUT_SECONDS = 2;
/** `maxTimeMS` the shop's services put on queries. */
const MAX_TIME_SECONDS = 1.5;

function mongoLog(component: string, id: number, message: string, attr: Record<string, unknown>): string {
  return JSON.stringify({ s: "I", c: component, id, ctx: "conn" + (100 + (id % 37)), msg: message, attr });
}

/** Evaluate one client's access to the database. */
export function answerDatabaseRequest(request: DatabaseRequest): DatabaseAnswer {
  const user = request.clientEnv.DB_USER ?? "";
  const database = request.clientEnv.DB_NAME ?? user;
  const password = request.clientEnv.DB_PASSWORD;
  const faults = request.faults.filter((fault) => (fault.spec as { database?: string } | undefined)?.database === request.databaseService && isExperimentActive(fault, request.nowMs));
  const spec = (fault: K8sObject) => fault.spec as { action: string; user?: string; role?: string; table?: string };
  const remote = `${request.clientIp}:${40000 + (request.clientIp.length * 977) % 20000}`;

  if (faults.some((f) => spec(f).action === "ExhaustConnections")) {
    return { kind: "timeout", afterSeconds: WAIT_QUEUE_TIMEOUT_SECONDS, clientError: `MongoWaitQueueTimeoutError: Timed out while checking out a connection from connection pool: ${request.databaseService}:27017` };
  }
  const expected = request.databaseEnv?.[databasePasswordEnv(user)];
  const dropped = faults.some((f) => spec(f).action === "DropUser" && spec(f).user === user);
  if (dropped || expected === undefined) {
    return {
      kind: "rejected",
      code: "401",
      clientError: "MongoServerError: Authentication failed.",
      serverLog: mongoLog("ACCESS", 20249, "Authentication failed", {
        mechanism: "SCRAM-SHA-256",
        principalName: user,
        authenticationDatabase: database,
        remote,
        error: `UserNotFound: Could not find user "${user}" for db "${database}"`,
      }),
    };
  }
  if (password !== expected) {
    return {
      kind: "rejected",
      code: "401",
      clientError: "MongoServerError: Authentication failed.",
      serverLog: mongoLog("ACCESS", 20249, "Authentication failed", {
        mechanism: "SCRAM-SHA-256",
        principalName: user,
        authenticationDatabase: database,
        remote,
        error: "AuthenticationFailed: SCRAM authentication failed, storedKey mismatch",
      }),
    };
  }
  if (faults.some((f) => spec(f).action === "RevokeRole" && spec(f).user === user)) {
    const command = `{ find: "${request.collection}", filter: {}, limit: 20, lsid: { id: UUID("5f1c0c7e-2f1b-4c43-9a55-3d0b9a1e7c2a") }, $db: "${database}" }`;
    return {
      kind: "rejected",
      code: "403",
      clientError: `MongoServerError: not authorized on ${database} to execute command ${command}`,
      serverLog: mongoLog("ACCESS", 20436, "Checking authorization failed", {
        error: { code: 13, codeName: "Unauthorized", errmsg: `not authorized on ${database} to execute command ${command}` },
        user,
      }),
    };
  }
  if (faults.some((f) => spec(f).action === "LockTable" && spec(f).table === request.collection)) {
    return { kind: "timeout", afterSeconds: MAX_TIME_SECONDS, clientError: "MongoServerError: operation exceeded time limit" };
  }
  const slow = faults.some((f) => spec(f).action === "SlowQueries");
  return { kind: "ok", extraLatencySeconds: slow ? 0.8 : 0 };
}
