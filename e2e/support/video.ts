import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";

/** Playwright records video with its own ffmpeg build, found by revision under its browsers folder. */
const browsersJson = z.object({
  browsers: z.array(z.object({ name: z.string(), revision: z.string() })),
});
/** Where the suite points Playwright when it stands Debian's ffmpeg in for Playwright's own (git-ignored). */
const SHIM_DIR = join(import.meta.dirname, "..", "..", ".darkroom", "playwright");
const SYSTEM_FFMPEG = "/usr/bin/ffmpeg";

function ffmpegRevision(): string | undefined {
  const packageJson = createRequire(import.meta.url).resolve("playwright-core/package.json");
  const file = join(dirname(packageJson), "browsers.json");
  const parsed = browsersJson.parse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.browsers.find((browser) => browser.name === "ffmpeg")?.revision;
}

/**
 * "retain-on-failure" when video can be recorded: with Playwright's ffmpeg if it was installed,
 * otherwise with Debian's (apt-get install ffmpeg; it encodes the VP9 Playwright asks for), linked
 * where Playwright looks for its own. Without either, no video: traces and screenshots remain.
 */
export function videoRecording(): "retain-on-failure" | "off" {
  const revision = ffmpegRevision();
  if (!revision) return "off";
  const own = join(
    process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), ".cache", "ms-playwright"),
    `ffmpeg-${revision}`,
    "ffmpeg-linux",
  );
  if (existsSync(own)) return "retain-on-failure";
  if (!existsSync(SYSTEM_FFMPEG)) return "off";
  const shim = join(SHIM_DIR, `ffmpeg-${revision}`);
  mkdirSync(shim, { recursive: true });
  try {
    symlinkSync(SYSTEM_FFMPEG, join(shim, "ffmpeg-linux"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // Read by the workers Playwright starts after this config, which record the videos.
  process.env.PLAYWRIGHT_BROWSERS_PATH = SHIM_DIR;
  return "retain-on-failure";
}
