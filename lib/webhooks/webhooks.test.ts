import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../http/api-error";
import { MAX_WEBHOOK_BODY_BYTES, readLimitedBody } from "./read-limited-body";
import { presentedToken, tokensMatch } from "./verify-token";
import { GENERATED_TOKEN_FILE, maskToken, resolveWebhookTokens } from "./webhook-tokens";

describe("webhook tokens", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tokens-"));
    dirs.push(dir);
    return dir;
  };

  it("generates one token on first start, keeps it (mode 0600) and reuses it", () => {
    const dataDir = tempDir();
    const first = resolveWebhookTokens({ configured: {}, dataDir });
    expect(first.generatedToken).toMatch(/^[0-9a-f]{48}$/);
    expect(first.bySource.alertmanager).toBe(first.generatedToken);
    const file = path.join(dataDir, GENERATED_TOKEN_FILE);
    expect(readFileSync(file, "utf8").trim()).toBe(first.generatedToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveWebhookTokens({ configured: {}, dataDir }).generatedToken).toBe(first.generatedToken);
  });

  it("uses configured tokens and generates none when every source has one", () => {
    const token = "configured-token-0123456789";
    const all = { alertmanager: token, grafana: token, pagerduty: token, datadog: token, generic: token };
    const resolved = resolveWebhookTokens({ configured: all, dataDir: tempDir() });
    expect(resolved.generatedToken).toBeNull();
    expect(resolved.generatedFor).toEqual([]);
  });

  it("masks tokens for display", () => {
    expect(maskToken("abcdefghijklmnop")).toBe("abcd…mnop");
    expect(maskToken("short")).toBe("****");
  });
});

describe("presentedToken / tokensMatch", () => {
  it("reads a Bearer header, then ?token=", () => {
    expect(presentedToken(new Request("http://x/a", { headers: { authorization: "Bearer abc" } }))).toBe("abc");
    expect(presentedToken(new Request("http://x/a?token=q"))).toBe("q");
    expect(presentedToken(new Request("http://x/a", { headers: { authorization: "Basic abc" } }))).toBeNull();
  });

  it("matches only the exact token, whatever the lengths", () => {
    expect(tokensMatch("secret-token", "secret-token")).toBe(true);
    expect(tokensMatch("secret-token-", "secret-token")).toBe(false);
    expect(tokensMatch("s", "secret-token")).toBe(false);
    expect(tokensMatch(null, "secret-token")).toBe(false);
  });
});

describe("readLimitedBody", () => {
  it("returns the bytes of a body within the limit", async () => {
    const body = await readLimitedBody(new Request("http://x", { method: "POST", body: "hello" }));
    expect(body.toString()).toBe("hello");
  });

  it("refuses a declared Content-Length over the limit with 413 before reading", async () => {
    const request = new Request("http://x", { method: "POST", body: "x", headers: { "content-length": String(MAX_WEBHOOK_BODY_BYTES + 1) } });
    await expect(readLimitedBody(request)).rejects.toMatchObject({ status: 413 });
  });

  it("refuses a streamed body that grows past the limit", async () => {
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_WEBHOOK_BODY_BYTES * 2) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request("http://x", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    const error = await readLimitedBody(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(413);
    expect(sent).toBeLessThan(MAX_WEBHOOK_BODY_BYTES * 2);
  });
});
