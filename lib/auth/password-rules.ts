/**
 * Password length rules for local operator accounts, shared by the environment check
 * (ADMIN_PASSWORD), the admin API and better-auth's own sign-in endpoint. Twelve characters:
 * these accounts can approve changes to production clusters.
 */
export const MIN_PASSWORD_LENGTH = 12;

/** better-auth's default ceiling; longer inputs only cost hashing time. */
export const MAX_PASSWORD_LENGTH = 128;
