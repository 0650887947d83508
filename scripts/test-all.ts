/**
 * `npm test`: every tier in turn (typecheck, lint, vitest's unit and integration tests, the
 * console's browser tests, the end-to-end journeys), each run even when an earlier one failed,
 * then one line per tier with its counts and duration and a last line "N passed, N failed".
 * Exits 1 if any tier failed. The counts come from each runner's JSON report.
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

const REPO = join(import.meta.dirname, "..");
const REPORTS = join(REPO, ".darkroom", "test-reports");

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Tier {
  name: string;
  command: string[];
  /** Where the runner writes its JSON report, read for the counts; none for typecheck and lint. */
  report?: { file: string; read: (json: unknown) => Counts };
  env?: Record<string, string>;
}

const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
});
const playwrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
});

const fromVitest = (json: unknown): Counts => {
  const r = vitestReport.parse(json);
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
};
// A flaky test (passed on retry) counts as failed: nothing here may be flaky.
const fromPlaywright = (json: unknown): Counts => {
  const { stats } = playwrightReport.parse(json);
  return { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
};

function playwrightTier(name: string, script: string, file: string): Tier {
  return {
    name,
    command: ["npm", "run", "--silent", script],
    report: { file, read: fromPlaywright },
    env: { DARKROOM_PLAYWRIGHT_JSON: file },
  };
}

const TIERS: Tier[] = [
  { name: "typecheck", command: ["npm", "run", "--silent", "typecheck"] },
  { name: "lint", command: ["npm", "run", "--silent", "lint"] },
  {
    name: "unit and integration (vitest)",
    command: [
      "npx",
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${join(REPORTS, "vitest.json")}`,
    ],
    report: { file: join(REPORTS, "vitest.json"), read: fromVitest },
  },
  playwrightTier("console in Chromium (Playwright)", "test:console", join(REPORTS, "console.json")),
  playwrightTier("end-to-end journeys (Playwright)", "test:e2e", join(REPORTS, "e2e.json")),
];

function run(tier: Tier): Promise<number> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = tier.command;
    if (!command) return reject(new Error(`${tier.name}: no command`));
    const child = spawn(command, args, { cwd: REPO, stdio: "inherit", env: { ...process.env, ...tier.env } });
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function counts(tier: Tier, exitCode: number): Promise<Counts | undefined> {
  if (!tier.report) return undefined;
  try {
    return tier.report.read(JSON.parse(await readFile(tier.report.file, "utf8")));
  } catch {
    // No report: the runner died before writing it (a crash, a broken config).
    return exitCode === 0 ? undefined : { passed: 0, failed: 1, skipped: 0 };
  }
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

async function main(): Promise<void> {
  await rm(REPORTS, { recursive: true, force: true });
  await mkdir(REPORTS, { recursive: true });
  const lines: string[] = [];
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  let failedTiers = 0;
  const started = performance.now();
  for (const tier of TIERS) {
    console.log(`\n==> ${tier.name}`);
    const t = performance.now();
    const code = await run(tier);
    const ms = performance.now() - t;
    const c = await counts(tier, code);
    if (code !== 0) failedTiers += 1;
    if (c) {
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    }
    // A runner can fail with no test failed (vitest's unhandled errors): the line says so.
    const unexplained = code !== 0 && c?.failed === 0 ? `; exit code ${code}, see its output` : "";
    const what = c
      ? `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}${unexplained}`
      : code === 0
        ? "ok"
        : `failed (exit code ${code})`;
    lines.push(`${tier.name.padEnd(34)} ${what.padEnd(36)} ${duration(ms)}`);
  }
  console.log("\n==> summary (tier, result, minutes:seconds)");
  for (const line of lines) console.log(line);
  console.log(`${"all".padEnd(34)} ${"".padEnd(36)} ${duration(performance.now() - started)}`);
  console.log(
    `\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`,
  );
  if (failedTiers > 0) {
    console.log(`${failedTiers} of ${TIERS.length} tiers failed`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
