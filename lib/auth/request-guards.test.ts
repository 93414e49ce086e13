import { describe, expect, it } from "vitest";
import { appOrigins, servedOverTls } from "./app-origins";
import { effectiveRole, roleAllows } from "./roles";
import { safeNextPath } from "./safe-next-path";
import { crossSiteRefusal } from "./same-origin";

describe("appOrigins", () => {
  it("is PUBLIC_URL's origin, plus loopback aliases only for a loopback PUBLIC_URL", () => {
    expect(appOrigins("https://sre.example.com/base/")).toEqual(["https://sre.example.com"]);
    expect(appOrigins("http://localhost:3000")).toEqual(["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]);
    expect(servedOverTls("https://sre.example.com")).toBe(true);
    expect(servedOverTls("http://localhost:3000")).toBe(false);
  });
});

describe("crossSiteRefusal", () => {
  const allowedOrigins = ["https://sre.example.com"];
  const check = (method: string, headers: Record<string, string>) => crossSiteRefusal({ method, headers: new Headers(headers), allowedOrigins });

  it("lets reads through and same-origin changes through", () => {
    expect(check("GET", { origin: "https://evil.example" })).toBeNull();
    expect(check("POST", { origin: "https://sre.example.com" })).toBeNull();
    expect(check("DELETE", { "sec-fetch-site": "same-origin" })).toBeNull();
  });

  it("refuses changes from another origin, a null origin, or with no sign of where they came from", () => {
    expect(check("POST", { origin: "https://evil.example" })).toMatch(/Origin https:\/\/evil.example is not this app/);
    expect(check("PATCH", { origin: "null" })).toMatch(/cross-site request refused/);
    expect(check("POST", {})).toMatch(/no Origin header/);
    expect(check("POST", { "sec-fetch-site": "same-site" })).toMatch(/cross-site request refused/);
  });
});

describe("roles", () => {
  it("orders viewer < responder < admin, and reads unknown stored roles as viewer", () => {
    expect(roleAllows({ role: "responder", required: "viewer" })).toBe(true);
    expect(roleAllows({ role: "responder", required: "admin" })).toBe(false);
    expect(effectiveRole("admin")).toBe("admin");
    expect(effectiveRole("viewer,responder")).toBe("responder");
    expect(effectiveRole("user")).toBe("viewer");
    expect(effectiveRole(null)).toBe("viewer");
  });
});

describe("safeNextPath", () => {
  it("keeps paths on this app and drops anything that leaves it", () => {
    expect(safeNextPath("/incidents/abc?tab=timeline")).toBe("/incidents/abc?tab=timeline");
    expect(safeNextPath("//evil.example/")).toBe("/");
    expect(safeNextPath("/\\evil.example")).toBe("/");
    expect(safeNextPath("https://evil.example")).toBe("/");
    expect(safeNextPath("/login?next=/x")).toBe("/");
    expect(safeNextPath(null)).toBe("/");
  });
});
