/** The operator accounts the browser tests sign in as, one per role. */
export type E2ERole = "viewer" | "responder" | "admin";

export interface E2EAccount {
  name: string;
  email: string;
  password: string;
}

/**
 * The admin is the app's first admin (ADMIN_EMAIL / ADMIN_PASSWORD in the Playwright webServer
 * env); the responder and viewer are created by `signIn` through the admin API on first use.
 */
export const E2E_ACCOUNTS: Record<E2ERole, E2EAccount> = {
  admin: { name: "Administrator", email: "e2e-admin@example.com", password: "e2e-admin-password-0123" },
  responder: { name: "Rosa Responder", email: "e2e-responder@example.com", password: "e2e-responder-password-0123" },
  viewer: { name: "Victor Viewer", email: "e2e-viewer@example.com", password: "e2e-viewer-password-0123" },
};
