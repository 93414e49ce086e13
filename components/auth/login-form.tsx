"use client";

import { useState, type FormEvent } from "react";
import styles from "./auth.module.css";
import { signInFailureMessage, ssoErrorMessage } from "./sign-in-errors";

export interface LoginFormProps {
  /** Where to go once signed in (already checked to be a path on this app). */
  next: string;
  /** The single sign-on button's label, or null when OIDC is not configured. */
  ssoName: string | null;
  /** `?error=` from a failed single sign-on redirect. */
  errorCode: string | null;
}

async function readServerMessage(response: Response): Promise<string | null> {
  const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
  return typeof body?.message === "string" ? body.message : null;
}

/** Email + password sign-in against better-auth's endpoint, and the single sign-on button. */
export function LoginForm({ next, ssoName, errorCode }: LoginFormProps) {
  const [pending, setPending] = useState<"password" | "sso" | null>(null);
  const [error, setError] = useState<string | null>(errorCode ? ssoErrorMessage(errorCode) : null);

  async function signInWithPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending("password");
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") }),
      });
      if (!response.ok) {
        setError(signInFailureMessage(response.status, await readServerMessage(response)));
        setPending(null);
        return;
      }
      // A full navigation, so server-rendered pages see the new session cookie.
      window.location.assign(next);
    } catch {
      setError("The server did not answer. Check that Agentic SRE is running and try again.");
      setPending(null);
    }
  }

  async function signInWithSso() {
    setPending("sso");
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/social", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ provider: "oidc", callbackURL: next, errorCallbackURL: "/login" }),
      });
      const body = (await response.json().catch(() => null)) as { url?: unknown; message?: unknown } | null;
      if (!response.ok || typeof body?.url !== "string") {
        setError(`Single sign-on is unavailable: ${typeof body?.message === "string" ? body.message : `HTTP ${response.status}`}. Sign in with email and password, or ask an admin to check the OIDC settings.`);
        setPending(null);
        return;
      }
      window.location.assign(body.url);
    } catch {
      setError("The server did not answer. Check that Agentic SRE is running and try again.");
      setPending(null);
    }
  }

  return (
    <section className={`panel ${styles.loginCard}`} aria-labelledby="login-title">
      <h1 id="login-title">Sign in to Agentic SRE</h1>
      {error ? (
        <p role="alert" className={styles.alert} data-testid="login-error">
          {error}
        </p>
      ) : null}
      <form onSubmit={signInWithPassword} className={styles.loginCard} style={{ margin: 0 }} aria-label="Local account sign-in">
        <label className={styles.field}>
          Email
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label className={styles.field}>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className={styles.primary} disabled={pending !== null}>
          {pending === "password" ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {ssoName ? (
        <>
          <div className={styles.divider}>or</div>
          <button type="button" className={styles.secondary} onClick={() => void signInWithSso()} disabled={pending !== null}>
            {pending === "sso" ? "Redirecting…" : `Sign in with ${ssoName}`}
          </button>
        </>
      ) : null}
      <p className="muted">Accounts are created by an admin. The first admin&apos;s password is printed once in the server log on first start.</p>
    </section>
  );
}
