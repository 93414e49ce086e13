import { describe, expect, it } from "vitest";
import { applyJsonPatch } from "./json-patch";
import { applyMergePatch } from "./merge-patch";
import { applyStrategicMergePatch } from "./strategic-merge-patch";

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web" }, finalizers: ["a"] },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: "web", image: "web:1", env: [{ name: "A", value: "1" }, { name: "B", value: "2" }], ports: [{ containerPort: 80 }] },
          { name: "sidecar", image: "proxy:1" },
        ],
        volumes: [{ name: "data", emptyDir: {} }],
        tolerations: [{ key: "x", operator: "Exists" }],
      },
    },
  },
};

describe("strategic merge patch", () => {
  it("merges containers by name and env by name (kubectl set image / set env)", () => {
    const out = applyStrategicMergePatch(
      deployment,
      { spec: { template: { spec: { containers: [{ name: "web", image: "web:2", env: [{ name: "B", value: "3" }, { name: "C", value: "4" }] }] } } } },
      "Deployment",
    );
    const containers = out.spec.template.spec.containers;
    expect(containers.map((c) => c.image)).toEqual(["web:2", "proxy:1"]);
    expect(containers[0]?.env).toEqual([{ name: "A", value: "1" }, { name: "B", value: "3" }, { name: "C", value: "4" }]);
    expect(deployment.spec.template.spec.containers[0]?.image).toBe("web:1");
  });

  it("deletes list elements with $patch: delete and keys with null", () => {
    const out = applyStrategicMergePatch(
      deployment,
      { metadata: { labels: { app: null } }, spec: { template: { spec: { containers: [{ name: "sidecar", $patch: "delete" }], volumes: [{ name: "data", $patch: "delete" }] } } } },
      "Deployment",
    );
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(["web"]);
    expect(out.spec.template.spec.volumes).toEqual([]);
    expect(out.metadata.labels).toEqual({});
  });

  it("replaces lists without a merge key and honours $patch: replace", () => {
    const out = applyStrategicMergePatch(deployment, { spec: { template: { spec: { tolerations: [{ key: "y" }], containers: [{ name: "only", image: "x" }, { $patch: "replace" }] } } } }, "Deployment");
    expect(out.spec.template.spec.tolerations).toEqual([{ key: "y" }]);
    expect(out.spec.template.spec.containers).toEqual([{ name: "only", image: "x" }]);
  });

  it("orders by $setElementOrder, strips directives, and unions finalizers", () => {
    const out = applyStrategicMergePatch(
      deployment,
      {
        metadata: { finalizers: ["b"] },
        spec: { template: { spec: { "$setElementOrder/containers": [{ name: "sidecar" }, { name: "web" }], containers: [{ name: "web", image: "web:3" }] } } },
      },
      "Deployment",
    );
    expect(out.metadata.finalizers).toEqual(["a", "b"]);
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(["sidecar", "web"]);
    expect(JSON.stringify(out)).not.toContain("$setElementOrder");
  });

  it("merges Service ports by port", () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
    const out = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, "Service");
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443, targetPort: 8443 }]);
  });
});

describe("JSON merge patch (RFC 7386)", () => {
  it("replaces lists and deletes with null", () => {
    const out = applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] });
    expect(out).toEqual({ a: { c: 2, d: 3 }, l: [3] });
  });
});

describe("JSON patch (RFC 6902)", () => {
  it("applies add, replace, remove, move, copy and test", () => {
    const out = applyJsonPatch({ a: [1, 2], b: { c: 1 } }, [
      { op: "add", path: "/a/-", value: 3 },
      { op: "replace", path: "/b/c", value: 2 },
      { op: "copy", from: "/b/c", path: "/d" },
      { op: "move", from: "/d", path: "/e" },
      { op: "remove", path: "/a/0" },
      { op: "test", path: "/e", value: 2 },
      { op: "add", path: "/x~1y", value: true },
    ]);
    expect(out).toEqual({ a: [2, 3], b: { c: 2 }, e: 2, "x/y": true });
  });

  it("fails a test op with 422 and a malformed patch with 400", () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: "test", path: "/a", value: 2 }])).toThrow(expect.objectContaining({ code: 422 }));
    expect(() => applyJsonPatch({ a: 1 }, { op: "add" })).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => applyJsonPatch({ a: 1 }, [{ op: "replace", path: "/missing", value: 1 }])).toThrow(expect.objectContaining({ code: 422 }));
  });
});
