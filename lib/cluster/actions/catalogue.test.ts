/** The catalogue's schema is the gate for what the model proposes: refusals must say why. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ACTION_CATALOGUE, MAX_ACTIONS_PER_TRANSACTION, mitigationTransactionSchema, parseMitigationAction, undoAction } from "./catalogue";
import { undoRecordSchema } from "./undo-record";

const scale = { type: "scale-deployment", params: { namespace: "shop", name: "web", replicas: 2 } };

function errorOf(input: unknown): string {
  const parsed = parseMitigationAction(input);
  if (parsed.ok) throw new Error("expected a refusal");
  return parsed.error;
}

describe("mitigationActionSchema", () => {
  it("accepts every catalogue type with valid params", () => {
    expect(parseMitigationAction(scale)).toEqual({ ok: true, action: scale });
    expect(Object.keys(ACTION_CATALOGUE)).toHaveLength(14);
  });

  it.each([
    ["delete-namespace", /forbidden: deleting a namespace destroys every object in it and has no faithful undo/],
    ["delete-pvc", /forbidden: deleting a PersistentVolumeClaim can destroy its data/],
    ["delete-statefulset", /forbidden: deleting a StatefulSet/],
    ["delete-node", /forbidden: deleting a Node/],
    ["delete-configmap", /not in the catalogue: only NetworkPolicies .* may be deleted/],
    ["exec-shell", /unknown action type "exec-shell"; allowed types: rollout-undo, /],
  ])("refuses %s with the reason", (type, reason) => {
    const message = errorOf({ type, params: { namespace: "shop", name: "x" } });
    expect(message).toMatch(/^type: /);
    expect(message).toMatch(reason);
  });

  it("refuses chaos deletion of a kind that is not a chaos object", () => {
    expect(errorOf({ type: "delete-chaos-object", params: { namespace: "shop", kind: "PersistentVolumeClaim", name: "data" } })).toMatch(/^params\.kind: Invalid option: expected one of "NetworkChaos"\|"StressChaos"\|"DatabaseFault"/);
  });

  it("names the field of a params error", () => {
    expect(errorOf({ type: "scale-deployment", params: { namespace: "shop", name: "web", replicas: -1 } })).toMatch(/^params\.replicas: Too small/);
    expect(errorOf({ type: "scale-deployment", params: { namespace: "Shop!", name: "web", replicas: 1 } })).toMatch(/^params\.namespace: must be a DNS-1123 label/);
    expect(errorOf({ type: "set-image", params: { namespace: "shop", name: "web", image: "nginx" } })).toMatch(/^params\.container: Invalid input/);
    expect(errorOf({ type: "scale-deployment", params: { namespace: "shop", name: "web", replicas: 1, force: true } })).toMatch(/^params: Unrecognized key: "force"/);
    expect(errorOf({ type: "set-env", params: { namespace: "shop", name: "web", container: "app" } })).toMatch(/^params\.set: set or remove at least one variable/);
    expect(errorOf({ type: "set-resources", params: { namespace: "shop", name: "web", container: "app", limits: { memory: "lots" } } })).toMatch(/^params\.limits\.memory: must be a Kubernetes quantity/);
    expect(errorOf("scale everything")).toMatch(/an action must be an object/);
  });

  it("limits a transaction to MAX_ACTIONS_PER_TRANSACTION actions", () => {
    expect(MAX_ACTIONS_PER_TRANSACTION).toBe(20);
    expect(mitigationTransactionSchema.safeParse(Array.from({ length: 20 }, () => scale)).success).toBe(true);
    const tooMany = mitigationTransactionSchema.safeParse(Array.from({ length: 21 }, () => scale));
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.message).toBe("a transaction has at most 20 actions");
  });

  it("describes every params field for the model", () => {
    const undescribed: string[] = [];
    for (const [type, definition] of Object.entries(ACTION_CATALOGUE)) {
      // The JSON Schema an LLM tool definition carries.
      const schema = z.toJSONSchema(definition.params as z.ZodType, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, { description?: string }> };
      for (const [field, property] of Object.entries(schema.properties ?? {})) if (!property.description) undescribed.push(`${type}.${field}`);
    }
    expect(undescribed).toEqual([]);
  });
});

describe("describe()", () => {
  it("gives one-line summaries and shell-quoted kubectl commands", () => {
    const env = ACTION_CATALOGUE["set-env"].describe({ namespace: "shop", name: "web", container: "app", set: [{ name: "GREETING", value: "hello world's" }], remove: [] });
    expect(env.kubectl).toBe(`kubectl set env deployment/web -n shop -c app 'GREETING=hello world'\\''s'`);
    expect(env.summary).not.toContain("\n");
    expect(ACTION_CATALOGUE["rollout-undo"].describe({ namespace: "shop", name: "web", toRevision: 3 }).kubectl).toBe("kubectl rollout undo deployment/web -n shop --to-revision=3");
  });
});

describe("undo records", () => {
  it("refuses to undo from something that is not an undo record", async () => {
    const result = await undoAction({ clients: undefined as never }, { actionType: "scale-deployment" });
    expect(result).toMatchObject({ ok: false, error: { reason: "Invalid", message: expect.stringMatching(/^not an undo record: /) } });
    expect(undoRecordSchema.safeParse({}).success).toBe(false);
  });
});
