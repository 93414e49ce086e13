import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../http/api-error";
import type { Logger } from "../log";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { autopilotLookup } from "./autopilot-lookup";
import { listAutopilotPolicies, removeAutopilotPolicy, setAutopilotPolicy } from "./autopilot-policies";
import { parseAutopilotPolicyRequest } from "./autopilot-policy";

const ENV_DEFAULT = { shop: "low", payments: "medium" } as const;
let test: TestDatabase;

/** A logger that keeps what it is told, to check that every change names who and what. */
function recordingLogger(): Logger & { lines: { event: string; fields?: Record<string, unknown> }[] } {
  const lines: { event: string; fields?: Record<string, unknown> }[] = [];
  const logger = {
    lines,
    debug: () => {},
    info: (event: string, fields?: Record<string, unknown>) => void lines.push({ event, fields }),
    warn: (event: string, fields?: Record<string, unknown>) => void lines.push({ event, fields }),
    error: () => {},
    child: () => logger,
  };
  return logger;
}

async function expectApiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.cleanup();
});
beforeEach(async () => {
  await test.db.autopilotPolicy.deleteMany();
});

describe("autopilot policies", () => {
  it("lists the AUTOPILOT default when no admin has set anything", async () => {
    expect(await listAutopilotPolicies({ db: test.db, envDefault: ENV_DEFAULT })).toEqual([
      { namespace: "payments", maxRisk: "medium", source: "env", envDefault: "medium", updatedBy: null, updatedAt: null },
      { namespace: "shop", maxRisk: "low", source: "env", envDefault: "low", updatedBy: null, updatedAt: null },
    ]);
  });

  it("merges an admin's rows over the default: a new namespace, and 'off' overriding the default", async () => {
    const log = recordingLogger();
    const staging = await setAutopilotPolicy({ db: test.db, namespace: "staging", maxRisk: "high", by: "Ada Admin", log });
    expect(staging).toMatchObject({ namespace: "staging", maxRisk: "high", updatedBy: "Ada Admin" });
    await setAutopilotPolicy({ db: test.db, namespace: "shop", maxRisk: "off", by: "Bob Admin", log });

    const policies = await listAutopilotPolicies({ db: test.db, envDefault: ENV_DEFAULT });
    expect(policies.map((policy) => [policy.namespace, policy.maxRisk, policy.source, policy.envDefault, policy.updatedBy])).toEqual([
      ["payments", "medium", "env", "medium", null],
      ["shop", "off", "db", "low", "Bob Admin"],
      ["staging", "high", "db", "off", "Ada Admin"],
    ]);
    expect(policies.find((policy) => policy.namespace === "shop")?.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(log.lines).toEqual([
      { event: "autopilot.policy_set", fields: { namespace: "staging", maxRisk: "high", previous: null, by: "Ada Admin" } },
      { event: "autopilot.policy_set", fields: { namespace: "shop", maxRisk: "off", previous: null, by: "Bob Admin" } },
    ]);
  });

  it("changing a policy records the new author and the previous value", async () => {
    const log = recordingLogger();
    await setAutopilotPolicy({ db: test.db, namespace: "staging", maxRisk: "low", by: "Ada Admin", log });
    await setAutopilotPolicy({ db: test.db, namespace: "staging", maxRisk: "medium", by: "Bob Admin", log });
    expect(await test.db.autopilotPolicy.findMany()).toMatchObject([{ namespace: "staging", maxRisk: "medium", updatedBy: "Bob Admin" }]);
    expect(log.lines[1]).toEqual({ event: "autopilot.policy_set", fields: { namespace: "staging", maxRisk: "medium", previous: "low", by: "Bob Admin" } });
  });

  it("removing a row goes back to the default; removing what is not stored is a 404 that says why", async () => {
    const log = recordingLogger();
    await setAutopilotPolicy({ db: test.db, namespace: "shop", maxRisk: "high", by: "Ada Admin", log });
    await removeAutopilotPolicy({ db: test.db, namespace: "shop", by: "Ada Admin", log });
    expect(log.lines.at(-1)).toEqual({ event: "autopilot.policy_removed", fields: { namespace: "shop", by: "Ada Admin" } });
    expect((await listAutopilotPolicies({ db: test.db, envDefault: ENV_DEFAULT })).find((policy) => policy.namespace === "shop")).toMatchObject({
      maxRisk: "low",
      source: "env",
    });

    const missing = await expectApiError(removeAutopilotPolicy({ db: test.db, namespace: "shop", by: "Ada Admin", log }));
    expect(missing.status).toBe(404);
    expect(missing.message).toContain("no autopilot policy is stored for namespace shop");
  });

  it("refuses an invalid namespace or risk with the field named, before writing anything", async () => {
    const badNamespace = await expectApiError(setAutopilotPolicy({ db: test.db, namespace: "Shop_Prod", maxRisk: "low", by: "Ada" }));
    expect(badNamespace.status).toBe(422);
    expect(badNamespace.issues).toEqual([{ path: "namespace", message: expect.stringContaining("DNS-1123 label") }]);

    const badRisk = await expectApiError(setAutopilotPolicy({ db: test.db, namespace: "shop", maxRisk: "critical", by: "Ada" }));
    expect(badRisk.issues).toEqual([{ path: "maxRisk", message: "expected one of off, low, medium, high" }]);

    const tooLong = await expectApiError(setAutopilotPolicy({ db: test.db, namespace: "a".repeat(64), maxRisk: "low", by: "Ada" }));
    expect(tooLong.issues?.[0]).toMatchObject({ path: "namespace", message: expect.stringContaining("63") });

    const badRemove = await expectApiError(removeAutopilotPolicy({ db: test.db, namespace: "-shop", by: "Ada" }));
    expect(badRemove.issues?.[0]?.path).toBe("namespace");
    expect(await test.db.autopilotPolicy.count()).toBe(0);
  });

  it("parses a request: both bad fields named at once, a non-object body told what is expected", () => {
    expect(parseAutopilotPolicyRequest({ namespace: "staging", body: { maxRisk: "low" } })).toEqual({ namespace: "staging", maxRisk: "low" });
    const both = (() => {
      try {
        parseAutopilotPolicyRequest({ namespace: "UPPER", body: { maxRisk: 3 } });
      } catch (error) {
        return error as ApiError;
      }
      throw new Error("expected a validation error");
    })();
    expect(both.issues?.map((issue) => issue.path)).toEqual(["namespace", "maxRisk"]);
    expect(() => parseAutopilotPolicyRequest({ namespace: "staging", body: ["low"] })).toThrow(ApiError);
  });
});

describe("autopilotLookup", () => {
  it("a row wins, 'off' means a human approves, otherwise the default, otherwise null", async () => {
    const lookup = autopilotLookup({ db: test.db, envDefault: ENV_DEFAULT, log: recordingLogger() });
    expect(await lookup("shop")).toBe("low");
    expect(await lookup("staging")).toBeNull();

    const log = recordingLogger();
    await setAutopilotPolicy({ db: test.db, namespace: "shop", maxRisk: "off", by: "Ada", log });
    await setAutopilotPolicy({ db: test.db, namespace: "staging", maxRisk: "medium", by: "Ada", log });
    // A change in this process reaches the lookup at once, cache or not.
    expect(await lookup("shop")).toBeNull();
    expect(await lookup("staging")).toBe("medium");
    expect(await lookup("payments")).toBe("medium");

    await removeAutopilotPolicy({ db: test.db, namespace: "shop", by: "Ada", log });
    expect(await lookup("shop")).toBe("low");
  });

  it("reuses what it read for the cache time, then sees a change made elsewhere", async () => {
    let clock = 1_000;
    const lookup = autopilotLookup({ db: test.db, envDefault: {}, cacheMs: 5_000, now: () => clock });
    expect(await lookup("staging")).toBeNull();
    // Written directly, as another process would: no invalidation reaches this one.
    await test.db.autopilotPolicy.create({ data: { namespace: "staging", maxRisk: "high", updatedBy: "elsewhere" } });
    clock += 4_000;
    expect(await lookup("staging")).toBeNull();
    clock += 2_000;
    expect(await lookup("staging")).toBe("high");
  });

  it("a value it cannot read approves nothing", async () => {
    await test.db.autopilotPolicy.create({ data: { namespace: "shop", maxRisk: "everything", updatedBy: "hand edit" } });
    expect(await autopilotLookup({ db: test.db, envDefault: ENV_DEFAULT })("shop")).toBeNull();
  });

  it("when the database cannot be read, a human approves (and it is logged)", async () => {
    const log = recordingLogger();
    const broken = { autopilotPolicy: { findMany: () => Promise.reject(new Error("database is locked")) } } as unknown as TestDatabase["db"];
    expect(await autopilotLookup({ db: broken, envDefault: ENV_DEFAULT, log })("shop")).toBeNull();
    expect(log.lines).toEqual([{ event: "autopilot.lookup_failed", fields: { namespace: "shop", error: "database is locked", decision: "a human approves" } }]);
  });
});
