/**
 * The image catalogue: reference normalisation, lookups, pull errors and registration.
 */
import { describe, expect, it } from "vitest";
import { imageDigest, lookupImage, parseImageReference, pullErrorMessage, registerImage, shopImageSpec } from "./images";

function lookup(ref: string) {
  const parsed = parseImageReference(ref);
  if (!parsed.ok) throw new Error(parsed.error);
  return lookupImage(parsed.reference);
}

describe("image references", () => {
  it("normalise like containerd", () => {
    const nginx = parseImageReference("nginx");
    expect(nginx.ok && nginx.reference.canonical).toBe("docker.io/library/nginx:latest");
    const ghcr = parseImageReference("ghcr.io/agentic-sre/shop-cart:1.0.0");
    expect(ghcr.ok && ghcr.reference).toMatchObject({ domain: "ghcr.io", path: "agentic-sre/shop-cart", tag: "1.0.0" });
    const local = parseImageReference("localhost:5000/app");
    expect(local.ok && local.reference.domain).toBe("localhost:5000");
    expect(parseImageReference("Nginx:1.25")).toEqual({ ok: false, error: "invalid reference format: repository name must be lowercase" });
  });
});

describe("lookupImage", () => {
  it("finds known tags and digests, and tells unknown tags, repositories and registries apart", () => {
    expect(lookup("nginx:1.25").found).toBe(true);
    expect(lookup(`nginx@${imageDigest("docker.io/library/nginx", "1.25")}`).found).toBe(true);
    const tag = lookup("nginx:1.99");
    expect(tag.found === false && tag.reason).toBe("tag-not-found");
    if (!tag.found) expect(pullErrorMessage(tag)).toBe('rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found');
    const repo = lookup("ngnix:1.25");
    expect(repo.found === false && repo.reason).toBe("repository-not-found");
    const registry = lookup("registry.example.com/team/app:1");
    expect(registry.found === false && registry.reason).toBe("registry-unreachable");
    if (!registry.found) expect(pullErrorMessage(registry)).toContain("dial tcp: lookup registry.example.com: no such host");
  });

  it("has the demo shop family in two versions and accepts new registrations", () => {
    expect(lookup("ghcr.io/agentic-sre/shop-checkout:1.0.0").found).toBe(true);
    expect(lookup("ghcr.io/agentic-sre/shop-checkout:1.1.0").found).toBe(true);
    expect(lookup("ghcr.io/agentic-sre/shop-checkout:2.0.0").found).toBe(false);
    registerImage("ghcr.io/agentic-sre/shop-checkout", { "2.0.0": shopImageSpec({ service: "checkout", version: "2.0.0" }) });
    expect(lookup("ghcr.io/agentic-sre/shop-checkout:2.0.0").found).toBe(true);
  });
});
