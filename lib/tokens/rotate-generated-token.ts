import "server-only";
import { randomBytes } from "node:crypto";
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import type { AlertSource } from "../alerts/types";
import { getAppContext, OPERATOR_TOKEN_FILE, reloadGeneratedTokens } from "../app-context";
import { ApiError } from "../http/api-error";
import { log as defaultLog, type Logger } from "../log";
import { GENERATED_TOKEN_FILE } from "../webhooks/webhook-tokens";

/** The tokens the app may generate, and so rotate: the shared webhook token and the operator (automation) token. */
export const ROTATABLE_TOKEN_KINDS = ["webhook", "operator"] as const;

export type RotatableTokenKind = (typeof ROTATABLE_TOKEN_KINDS)[number];

export interface RotateGeneratedTokenOptions {
  kind: RotatableTokenKind;
  /** Who rotates it (the operator's name), logged. */
  by: string;
  log?: Logger;
}

/** A rotated token: shown once to the admin who rotated it, never logged. */
export interface RotatedToken {
  kind: RotatableTokenKind;
  token: string;
  /** Where it is stored (mode 0600). */
  file: string;
  /** The webhook sources that use it (every source not set by environment); empty for the operator token. */
  sources: AlertSource[];
}

/**
 * Replaces a token the app generated with a new random one: written atomically into the data
 * directory (a temporary file, then a rename, mode 0600) and loaded into the app context, so the
 * new token is required from the next request on and the old one stops working at once.
 * Tokens set by environment are not the app's to change: ApiError 409 names the variable.
 */
export function rotateGeneratedToken(options: RotateGeneratedTokenOptions): RotatedToken {
  // Synchronous from the check to the reload: two rotations in this process cannot interleave,
  // so the token returned is the one stored and served.
  const { env, webhookTokens } = getAppContext();
  let fileName: string;
  let sources: AlertSource[] = [];
  if (options.kind === "operator") {
    if (env.operatorToken) {
      throw new ApiError("conflict", "the operator token is set by the OPERATOR_TOKEN environment variable: change that variable and restart the app to rotate it");
    }
    fileName = OPERATOR_TOKEN_FILE;
  } else {
    if (webhookTokens.generatedFor.length === 0) {
      throw new ApiError(
        "conflict",
        "every webhook token is set by environment (WEBHOOK_TOKEN or WEBHOOK_TOKEN_<SOURCE>): change those variables and restart the app to rotate them",
      );
    }
    fileName = GENERATED_TOKEN_FILE;
    sources = [...webhookTokens.generatedFor];
  }
  const token = randomBytes(24).toString("hex");
  const file = path.join(env.dataDir, fileName);
  writeFileAtomically({ file, content: `${token}\n` });
  reloadGeneratedTokens();
  (options.log ?? defaultLog).info("token.rotated", { kind: options.kind, by: options.by, file, sources });
  return { kind: options.kind, token, file, sources };
}

/** Writes a secret so that a reader sees the old file or the new one, never a part: temp file, fsync, rename. */
function writeFileAtomically(options: { file: string; content: string }): void {
  const directory = path.dirname(options.file);
  mkdirSync(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(options.file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    // "wx" and 0600 from the first byte: the secret is never readable by others, even briefly.
    const fd = openSync(temporary, "wx", 0o600);
    try {
      fchmodSync(fd, 0o600); // the umask cannot loosen it either
      writeSync(fd, options.content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, options.file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
