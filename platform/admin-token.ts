import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** 32 random bytes: 64 hex characters, far above the backend's minimum length. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Where `npm start` keeps the admin token it generated: in the emulator's state folder, so a
 * restart keeps it (a console open in a browser stays signed in) and a fresh
 * DARKROOM_STATE_DIR starts with a new one. The console reads it from here on localhost.
 */
export function adminTokenFile(stateDir: string): string {
  return join(stateDir, "admin", "token");
}

export interface AdminToken {
  token: string;
  /** Where it came from: the setting, or the file (written now or by an earlier start). */
  source: "DARKROOM_ADMIN_TOKEN" | "generated" | "kept";
  file?: string;
}

/**
 * DARKROOM_ADMIN_TOKEN when set; otherwise the token an earlier start kept, or a new one written
 * with owner-only permissions (0600 in a 0700 folder: it opens every admin endpoint).
 */
export function adminToken(env: NodeJS.ProcessEnv, stateDir: string): AdminToken {
  const fromEnv = env.DARKROOM_ADMIN_TOKEN;
  if (fromEnv) return { token: fromEnv, source: "DARKROOM_ADMIN_TOKEN" };
  const file = adminTokenFile(stateDir);
  const kept = readKept(file);
  if (kept !== undefined) {
    chmodSync(file, 0o600);
    return { token: kept, source: "kept", file };
  }
  const token = randomBytes(TOKEN_BYTES).toString("hex");
  mkdirSync(join(stateDir, "admin"), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  // mode applies only to a file writeFileSync creates; an edited or truncated one keeps its own.
  chmodSync(file, 0o600);
  return { token, source: "generated", file };
}

/** The kept token, or undefined when there is none or it is not one `npm start` wrote. */
function readKept(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const token = text.trim();
  return TOKEN_PATTERN.test(token) ? token : undefined;
}
