import { spawn } from "node:child_process";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const REPO = join(import.meta.dirname, "..");
export const WEB_DIR = join(REPO, "admin", "web");
/** adapter-static's output: what `npm start` serves. */
export const CONSOLE_BUILD_DIR = join(WEB_DIR, "build");
/** When the build in CONSOLE_BUILD_DIR started (ms since the epoch): inputs changed later make it stale. */
const STAMP = join(CONSOLE_BUILD_DIR, ".darkroom-build-started");

/** What the console's bundle is made from: its own source and the workspaces it imports. */
const INPUTS = [
  join(WEB_DIR, "src"),
  join(WEB_DIR, "static"),
  join(WEB_DIR, "svelte.config.js"),
  join(WEB_DIR, "vite.config.ts"),
  join(WEB_DIR, "package.json"),
  join(REPO, "admin", "client", "src"),
  join(REPO, "image-record", "src"),
];

async function newestChange(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path, { recursive: true })) {
    const child = await stat(join(path, entry)).catch(() => undefined);
    if (child && child.mtimeMs > newest) newest = child.mtimeMs;
  }
  return newest;
}

/** Why the console needs building, or undefined when the build is newer than every input. */
export async function staleReason(): Promise<string | undefined> {
  const started = Number(await readFile(STAMP, "utf8").catch(() => "NaN"));
  if (!Number.isFinite(started)) return "no build of its own yet";
  const changes = await Promise.all(INPUTS.map(newestChange));
  return Math.max(...changes) > started ? "its source changed" : undefined;
}

/** `vite build` in admin/web, its output kept for the error: a broken build says what broke. */
async function viteBuild(): Promise<void> {
  const vitePackage = createRequire(join(WEB_DIR, "package.json")).resolve("vite/package.json");
  const vite = join(vitePackage, "..", "bin", "vite.js");
  const child = spawn(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: WEB_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) {
    const tail = output.trim().split("\n").slice(-20).join("\n");
    throw new Error(
      `the console (admin/web) did not build (vite exit code ${code}):\n${tail}\nFix the build, or start without the console: DARKROOM_CONSOLE=false npm start`,
    );
  }
}

/** What ensureConsoleBuild did, for `npm start`'s step line, and how long it took. */
export interface ConsoleBuildStep {
  what: string;
  ms: number;
}

/**
 * Builds the console unless the last build is newer than its inputs, so a fresh clone gets one
 * and an edited source gets a new one, while an unchanged checkout starts without the wait.
 */
export async function ensureConsoleBuild(): Promise<ConsoleBuildStep> {
  const t = performance.now();
  const reason = await staleReason();
  if (!reason) return { what: "the console's build is current", ms: performance.now() - t };
  const started = Date.now();
  await viteBuild();
  await writeFile(STAMP, String(started));
  return { what: `built the console (${reason})`, ms: performance.now() - t };
}
