import { describe, expect, it } from "vitest";
import { graphFromSnapshot } from "./graph-from-snapshot";
import { NS, SMALL_CALLS, smallSnapshot } from "./testing/small-snapshot";
import { healthBand, serviceMarks } from "./topology-highlight";

const graph = () => graphFromSnapshot({ snapshot: smallSnapshot(), callEdges: SMALL_CALLS });

describe("healthBand", () => {
  it("gives a glyph and a word with every band", () => {
    expect(healthBand(100)).toEqual({ band: "healthy", icon: "✓" });
    expect(healthBand(90)).toEqual({ band: "healthy", icon: "✓" });
    expect(healthBand(89.9)).toEqual({ band: "degraded", icon: "!" });
    expect(healthBand(0)).toEqual({ band: "unhealthy", icon: "✗" });
    expect(healthBand(null)).toEqual({ band: "unknown", icon: "?" });
    expect(healthBand(Number.NaN)).toEqual({ band: "unknown", icon: "?" });
  });
});

describe("serviceMarks", () => {
  it("marks the services a faulty ConfigMap sits behind, and their callers as the blast radius", () => {
    const marks = serviceMarks(graph(), { faulty: { kind: "ConfigMap", name: "api-config" } });
    expect([...marks.faulty]).toEqual([`Service/${NS}/api`]);
    expect([...marks.blast]).toEqual([`Service/${NS}/web`]);
    expect(marks.faultLabel).toBe("ConfigMap/api-config");
    expect(marks.faultyNodeId).toBe(`ConfigMap/${NS}/api-config`);
  });

  it("takes a given blast radius by service name or node id, ignoring what is not a service", () => {
    const marks = serviceMarks(graph(), { faulty: { kind: "Service", name: "db" }, blastRadius: ["api", `Service/${NS}/web`, `Pod/${NS}/db-1-a`, "ghost"] });
    expect([...marks.faulty]).toEqual([`Service/${NS}/db`]);
    expect(marks.faultLabel).toBeNull();
    expect([...marks.blast].sort()).toEqual([`Service/${NS}/api`, `Service/${NS}/web`]);
  });

  it("marks nothing for an object the graph does not hold", () => {
    const marks = serviceMarks(graph(), { faulty: { kind: "Deployment", name: "gone" } });
    expect(marks).toMatchObject({ faultyNodeId: null, faultLabel: null });
    expect(marks.faulty.size + marks.blast.size).toBe(0);
  });
});
