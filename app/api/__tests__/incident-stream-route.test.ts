import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetAppContextForTests } from "@/lib/app-context";
import { disconnectDb, getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { notifyIncidentEvents } from "@/lib/events/incident-event-feed";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { GET as streamIncident } from "../incidents/[id]/stream/route";
import { GET as streamList } from "../incidents/stream/route";

let test: TestDatabase;
let incidentId: string;

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** Reads SSE frames from a response body until `until` says stop (or the deadline passes). */
async function readFrames(response: Response, until: (frames: Frame[]) => boolean, timeoutMs = 5_000): Promise<Frame[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const frames: Frame[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  while (!until(frames)) {
    if (Date.now() > deadline) throw new Error(`timed out; frames so far: ${JSON.stringify(frames)}`);
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: Frame = {};
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) frame.comment = line.slice(1).trim();
        else {
          const colon = line.indexOf(":");
          (frame as Record<string, string>)[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
        }
      }
      frames.push(frame);
    }
  }
  await reader.cancel();
  return frames;
}

const eventFrames = (frames: Frame[]) => frames.filter((f) => f.event === "incident-event");

async function append(count: number, label: string) {
  for (let i = 0; i < count; i++) {
    await getDb().incidentEvent.create({ data: { incidentId, type: "agent.step", payload: { label, i } } });
  }
  notifyIncidentEvents(incidentId);
}

const AUTH = { authorization: "Bearer operator-token-0123456789" };

function open(headers: Record<string, string> = {}, query = "") {
  const controller = new AbortController();
  const request = new Request(`http://localhost/api/incidents/${incidentId}/stream${query}`, { headers: { ...AUTH, ...headers }, signal: controller.signal });
  return { controller, response: streamIncident(request, { params: Promise.resolve({ id: incidentId }) }) };
}

beforeAll(async () => {
  test = await createTestDatabase();
  Object.assign(process.env, { DATABASE_URL: test.databaseUrl, DATA_DIR: test.dataDir, WEBHOOK_TOKEN: "integration-token-0123456789", OPERATOR_TOKEN: "operator-token-0123456789", LOG_LEVEL: "error" });
  resetEnvCache();
  resetAppContextForTests();
  const now = new Date();
  const incident = await getDb().incident.create({
    data: { title: "checkout errors", severity: "critical", state: "DETECTING", groupKey: "k", triggeredAt: now, lastAlertAt: now, namespace: "shop", service: "checkout" },
  });
  incidentId = incident.id;
  await append(3, "backlog");
});

afterAll(async () => {
  await disconnectDb();
  await test.cleanup();
});

describe("GET /api/incidents/{id}/stream", () => {
  it("answers with SSE headers, a retry hint, and one id/event/data frame per stored event", async () => {
    const { controller, response } = open();
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const frames = await readFrames(res, (f) => eventFrames(f).length >= 3);
    controller.abort();
    expect(frames[0]).toMatchObject({ retry: "1000", comment: "connected" });
    const events = eventFrames(frames);
    const parsed = events.map((f) => JSON.parse(f.data!) as { id: number; type: string; payload: { label: string } });
    expect(events.map((f) => Number(f.id))).toEqual(parsed.map((e) => e.id));
    expect(parsed.map((e) => e.payload.label)).toEqual(["backlog", "backlog", "backlog"]);
  });

  it("resumes from Last-Event-ID (over ?after=) with no gap and no duplicate while events keep arriving", async () => {
    const first = open({}, "?after=0");
    const firstRes = await first.response;
    const writer = append(5, "live");
    const seen = eventFrames(await readFrames(firstRes, (f) => eventFrames(f).length >= 5));
    first.controller.abort();
    await writer;
    const lastId = seen.at(-1)!.id!;

    // Events stored while nobody listened, then more while the resumed stream runs.
    await append(2, "while-disconnected");
    const second = open({ "last-event-id": lastId }, "?after=0");
    const secondRes = await second.response;
    await append(4, "after-reconnect");
    const total = await getDb().incidentEvent.count({ where: { incidentId } });
    const resumed = eventFrames(await readFrames(secondRes, (f) => seen.length + eventFrames(f).length >= total));
    second.controller.abort();

    const ids = [...seen, ...resumed].map((f) => Number(f.id));
    const stored = (await getDb().incidentEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } })).map((e) => e.id);
    expect(ids).toEqual(stored);
  });

  it("answers 404 before streaming for an unknown incident, and 400 for a bad `after`", async () => {
    const missing = await streamIncident(new Request("http://localhost/api/incidents/nope/stream", { headers: AUTH }), { params: Promise.resolve({ id: "nope" }) });
    expect(missing.status).toBe(404);
    const bad = await streamIncident(new Request(`http://localhost/api/incidents/${incidentId}/stream?after=-1`, { headers: AUTH }), { params: Promise.resolve({ id: incidentId }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe("after");
  });
});

describe("GET /api/incidents/stream", () => {
  it("starts with a sync event and reports an incident that changes", async () => {
    const controller = new AbortController();
    const res = await streamList(new Request("http://localhost/api/incidents/stream", { headers: AUTH, signal: controller.signal }));
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    let changed = false;
    const frames = await readFrames(res, (f) => {
      if (!changed && f.some((x) => x.event === "incidents-sync")) {
        changed = true;
        // Let the poller take its starting point, then change the incident.
        // Prisma queries are lazy: `.then` runs it.
        setTimeout(() => void getDb().incident.update({ where: { id: incidentId }, data: { state: "DIAGNOSING" } }).then(() => {}), 400);
      }
      return f.some((x) => x.event === "incidents-changed");
    });
    controller.abort();
    const change = frames.find((f) => f.event === "incidents-changed")!;
    expect(JSON.parse(change.data!)).toMatchObject({ changes: [{ id: incidentId, state: "DIAGNOSING" }] });
  });
});
