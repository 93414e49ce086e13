/** What to tell an operator when sign-in fails, by HTTP status of better-auth's answer. */
export function signInFailureMessage(status: number, serverMessage: string | null): string {
  if (status === 401) return "Wrong email or password.";
  if (status === 429) return "Too many sign-in attempts from here. Wait a minute, then try again.";
  if (status === 403) return serverMessage ? `Sign-in refused: ${serverMessage}` : "Sign-in refused by the server.";
  if (status === 400 || status === 422) return serverMessage ?? "Enter your email and password.";
  return `The server could not sign you in (HTTP ${status}). Try again; if it persists, check the server log.`;
}

/** Words for the `?error=` code better-auth puts on the login URL when single sign-on fails. */
export function ssoErrorMessage(code: string): string {
  const known: Record<string, string> = {
    signup_disabled: "Your single sign-on account has no operator account here. Ask an admin to create one.",
    access_denied: "Single sign-on was cancelled or denied by the identity provider.",
    email_not_found: "The identity provider did not share your email address, which is needed to sign in.",
    banned: "This operator account is disabled. Ask an admin.",
    state_mismatch: "The single sign-on attempt expired or came from another tab. Start again.",
    please_restart_the_process: "The single sign-on attempt expired. Start again.",
  };
  return known[code] ?? `Single sign-on failed (${code.replace(/_/g, " ")}). Try again, or sign in with email and password.`;
}
