import { describe, expect, it } from "vitest";
import { createRedactor, isSecretName, REDACTED } from "./redact";

const redactor = createRedactor();
const text = (input: string) => redactor.redactText(input);

describe("isSecretName", () => {
  it.each(["DB_PASSWORD", "password", "POSTGRES_PASSWD", "API_TOKEN", "GITHUB_TOKEN", "CLIENT_SECRET", "AWS_SECRET_ACCESS_KEY", "API_KEY", "apiKey", "STRIPE_KEY", "GOOGLE_APPLICATION_CREDENTIALS", "credentials", "PRIVATE_KEY", "SESSION_ID", "SENTRY_DSN", "key"])("%s looks secret", (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(["DB_HOST", "PORT", "LOG_LEVEL", "KEYSPACE", "MONKEY_MODE", "image", "replicas", "SERVICE_NAME", "level", "msg", "BYPASS_CACHE_SIZE"])("%s does not", (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe("redactText", () => {
  it("redacts env-style assignments with secret names and counts each", () => {
    const r = text("DB_HOST=db DB_PASSWORD=hunter2 API_TOKEN=abc123 PORT=8080");
    expect(r.value).toBe(`DB_HOST=db DB_PASSWORD=${REDACTED} API_TOKEN=${REDACTED} PORT=8080`);
    expect(r.redactions).toBe(2);
  });

  it("redacts YAML and JSON style secrets", () => {
    expect(text("password: s3cr3t").value).toBe(`password: ${REDACTED}`);
    const json = text('{"user":"shop","password":"s3cr3t","host":"db"}');
    expect(json.value).toBe(`{"user":"shop","password":"${REDACTED}","host":"db"}`);
    expect(json.redactions).toBe(1);
  });

  it("redacts bearer tokens but keeps the scheme", () => {
    const r = text("Authorization: Bearer abcdef0123456789.xyz");
    expect(r.value).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(r.redactions).toBe(1);
  });

  it("redacts JWTs anywhere", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    const r = text(`token in log line ${jwt} end`);
    expect(r.value).toBe(`token in log line ${REDACTED} end`);
    expect(r.redactions).toBe(1);
  });

  it("redacts PEM private keys whole, even when cut off", () => {
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----";
    expect(text(`key file:\n${pem}\ndone`).value).toBe(`key file:\n${REDACTED}\ndone`);
    expect(text("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN").value).toBe(REDACTED);
    // A certificate is public.
    expect(text("-----BEGIN CERTIFICATE-----\nMIIB").redactions).toBe(0);
  });

  it("redacts credentials in URLs and keeps host and path", () => {
    const r = text("connecting to postgres://shop:pa55w0rd@db.shop.svc:5432/orders and redis://:topsecret@cache:6379");
    expect(r.value).toBe(`connecting to postgres://${REDACTED}@db.shop.svc:5432/orders and redis://${REDACTED}@cache:6379`);
    expect(r.redactions).toBe(2);
    expect(text("see https://example.com/path?q=1").redactions).toBe(0);
  });

  it("redacts AWS access key ids and aws secret assignments", () => {
    const r = text("AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    expect(r.value).toBe(`${REDACTED} aws_secret_access_key=${REDACTED}`);
    expect(r.redactions).toBe(2);
  });

  it("redacts GitHub and Slack tokens", () => {
    expect(text("ghp_abcdefghijklmnopqrstuvwxyz0123456789").value).toBe(REDACTED);
    expect(text("xoxb-1234567890-abcdefghij").value).toBe(REDACTED);
  });

  it("leaves ordinary diagnostic text alone", () => {
    const lines = [
      'level=error service=cart msg="dial tcp 10.96.0.12:6379: connect: connection refused"',
      "Back-off restarting failed container app in pod cart-7d9f_shop",
      "couldn't find key DB_PASSWORD in Secret shop/db-creds",
      "env DB_PASSWORD from secret db-creds key password",
      "password authentication failed for user \"shop\"",
      "secretName: db-creds",
      "image=nginx:1.25 replicas=3",
    ];
    for (const line of lines) expect(text(line)).toEqual({ value: line, redactions: 0 });
  });

  it("does not redact an already redacted value twice", () => {
    const once = text("DB_PASSWORD=x Bearer abcdefghijkl");
    const twice = text(once.value);
    expect(twice).toEqual({ value: once.value, redactions: 0 });
  });

  it("keeps e-mails and IPs by default and redacts them on request", () => {
    const line = "user alice@example.com from 10.0.0.12";
    expect(text(line).redactions).toBe(0);
    const strict = createRedactor({ redactEmails: true, redactIps: true }).redactText(line);
    expect(strict.value).toBe(`user ${REDACTED} from ${REDACTED}`);
    expect(strict.redactions).toBe(2);
  });

  it("stays fast on long tokens without separators", () => {
    const blob = `CERT=${"A".repeat(200_000)} ${"b".repeat(200_000)}`;
    const started = performance.now();
    expect(text(blob).redactions).toBe(0);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("also redacts secret-named keys written as `key: value` in free text (tools avoid that shape for key names)", () => {
    expect(text("key password: ok").value).toBe(`key password: ${REDACTED}`);
  });

  it("applies extra patterns (made global) and counts every match", () => {
    const custom = createRedactor({ patterns: [{ name: "customer", regex: /cust-\d{6}/ }] });
    const r = custom.redactText("orders for cust-123456 and cust-654321");
    expect(r.value).toBe(`orders for ${REDACTED} and ${REDACTED}`);
    expect(r.redactions).toBe(2);
  });
});

describe("redactValue", () => {
  it("redacts env pairs by name and strings everywhere, counting both", () => {
    const input = {
      env: [
        { name: "DB_HOST", value: "db" },
        { name: "DB_PASSWORD", value: "hunter2" },
        { name: "DB_USER", valueFrom: { secretKeyRef: { name: "db-creds", key: "password" } } },
      ],
      note: "url redis://u:p@cache:6379",
    };
    const r = redactor.redactValue(input);
    expect(r.value.env[1]).toEqual({ name: "DB_PASSWORD", value: REDACTED });
    expect(r.value.env[0]).toEqual({ name: "DB_HOST", value: "db" });
    // References name the secret and the key; neither is a secret value.
    expect(r.value.env[2]).toEqual(input.env[2]);
    expect(r.value.note).toBe(`url redis://${REDACTED}@cache:6379`);
    expect(r.redactions).toBe(2);
    // The input is not mutated.
    expect(input.env[1]?.value).toBe("hunter2");
  });

  it("redacts secret-named fields but not structural reference fields", () => {
    const r = redactor.redactValue({ password: "x", apiKey: "y", secretName: "tls", key: "password", keys: ["token"], count: 3, nested: [{ token: "t" }] });
    expect(r.value).toEqual({ password: REDACTED, apiKey: REDACTED, secretName: "tls", key: "password", keys: ["token"], count: 3, nested: [{ token: REDACTED }] });
    expect(r.redactions).toBe(3);
  });

  it("passes numbers, booleans, null and undefined through", () => {
    expect(redactor.redactValue({ a: 1, b: true, c: null, d: undefined })).toEqual({ value: { a: 1, b: true, c: null, d: undefined }, redactions: 0 });
  });
});
