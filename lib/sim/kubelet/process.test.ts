/**
 * What starting a container does, from the image contents and command/args/env.
 */
import { describe, expect, it } from "vitest";
import { lookupImage, parseImageReference, type ImageTagSpec } from "../images";
import { effectiveArgv, planProcess } from "./process";

function image(ref: string): ImageTagSpec {
  const parsed = parseImageReference(ref);
  if (!parsed.ok) throw new Error(parsed.error);
  const found = lookupImage(parsed.reference);
  if (!found.found) throw new Error(`${ref} not in catalogue`);
  return found.spec;
}

describe("planProcess", () => {
  it("runs the image's server by default, listening on its port after start-up", () => {
    const plan = planProcess({ image: image("ghcr.io/agentic-sre/shop-cart:1.0.0"), env: {} });
    expect(plan).toMatchObject({ kind: "run", listen: { ports: [8080], afterMs: 2000 } });
    expect(plan.kind === "run" && plan.exit).toBeUndefined();
  });

  it("listens where PORT or --port says", () => {
    expect(planProcess({ image: image("ghcr.io/agentic-sre/shop-cart:1.0.0"), env: { PORT: "9090" } })).toMatchObject({ listen: { ports: [9090] } });
    expect(planProcess({ image: image("redis:7"), args: ["--port", "7000"], env: {} })).toMatchObject({ listen: { ports: [7000] } });
  });

  it("a command not in the image is a StartError with containerd's message", () => {
    const plan = planProcess({ image: image("ghcr.io/agentic-sre/shop-cart:1.0.0"), command: ["geo"], env: {} });
    expect(plan.kind).toBe("start-error");
    expect(plan.kind === "start-error" && plan.message).toContain('exec: "geo": executable file not found in $PATH: unknown');
    const absolute = planProcess({ image: image("nginx:1.25"), command: ["/app/server"], env: {} });
    expect(absolute.kind === "start-error" && absolute.message).toContain('exec: "/app/server": stat /app/server: no such file or directory');
  });

  it("args through an entrypoint script that execs a missing program exit 127", () => {
    const plan = planProcess({ image: image("nginx:1.25"), args: ["geo"], env: {} });
    expect(plan).toMatchObject({ kind: "run", exit: { code: 127 } });
  });

  it("interprets simple sh -c scripts", () => {
    expect(planProcess({ image: image("busybox:1.36"), command: ["sh", "-c", "echo hi; sleep 5; exit 2"], env: {} })).toEqual({
      kind: "run",
      logs: [{ afterMs: 0, text: "hi" }],
      exit: { code: 2, afterMs: 5000 },
    });
    expect(planProcess({ image: image("busybox:1.36"), command: ["sh", "-c", "geo --serve"], env: {} })).toMatchObject({ exit: { code: 127 }, logs: [{ text: "sh: 1: geo: not found" }] });
    expect(planProcess({ image: image("busybox:1.36"), command: ["sh", "-c", "while true; do sleep 1; done"], env: {} })).toEqual({ kind: "run", logs: [] });
    expect(planProcess({ image: image("busybox:1.36"), command: ["sleep", "infinity"], env: {} })).toEqual({ kind: "run", logs: [] });
    expect(planProcess({ image: image("busybox:1.36"), command: ["sh", "-c", "echo $GREETING"], env: { GREETING: "hello" } })).toMatchObject({ logs: [{ text: "hello" }] });
  });

  it("a plain shell with no TTY exits 0 at once (busybox's default command)", () => {
    expect(planProcess({ image: image("busybox:1.36"), env: {} })).toEqual({ kind: "run", logs: [], exit: { code: 0, afterMs: 0 } });
  });

  it("a server missing a required variable exits 1 printing why", () => {
    const plan = planProcess({ image: image("postgres:16"), env: {} });
    expect(plan).toMatchObject({ kind: "run", exit: { code: 1 } });
    expect(plan.kind === "run" && plan.logs[0]?.text).toBe("Error: Database is uninitialized and superuser password is not specified.");
  });

  it("command replaces ENTRYPOINT and args replace CMD", () => {
    const nginx = image("nginx:1.25");
    expect(effectiveArgv(nginx, undefined, undefined)).toEqual(["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]);
    expect(effectiveArgv(nginx, ["nginx"], undefined)).toEqual(["nginx"]);
    expect(effectiveArgv(nginx, undefined, ["nginx", "-T"])).toEqual(["/docker-entrypoint.sh", "nginx", "-T"]);
  });
});
