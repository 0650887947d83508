import { parseArgs } from "node:util";
import { isTarget, TARGETS, type Target } from "../targets.ts";
import { type Changes, type DeployRequest, deploy, describeChanges, destroy } from "./deploy.ts";
import { type DeployReporter, formatDuration } from "./deploy-report.ts";
import { noteNodeVersion } from "./node-version-note.ts";
import type { StackOutputs } from "./stack-outputs.ts";

const USAGE = `usage: npm run deploy -- --target ${TARGETS.join("|")} [--yes] [--skip-build]
       npm run destroy -- --target ${TARGETS.join("|")} [--yes]`;

/** Prints each step with its duration, and each resource as Terraform finishes it. */
const consoleReporter: DeployReporter = {
  step: (what, ms) => console.log(`✓ ${what} (${formatDuration(ms)})`),
  info: (line) => console.log(`  ${line}`),
  resource: (done, total, address, action, seconds) =>
    console.log(`    [${done}/${total}] ${action} ${address} (${seconds} s)`),
};

function printOutputs(outputs: StackOutputs): void {
  const rows: [string, string | undefined][] = [
    ["API", outputs.api_url],
    ["CDN", outputs.cdn_url],
    ["uploads bucket", outputs.uploads_bucket],
    ["media bucket", outputs.media_bucket],
    ["images table", outputs.images_table],
    ["functions", `${outputs.processor_function}, ${outputs.api_function}`],
  ];
  for (const [name, value] of rows) if (value) console.log(`  ${name.padEnd(15)} ${value}`);
}

function summary(changes: Changes): string {
  return changes.add + changes.change + changes.remove === 0 ? "no changes" : describeChanges(changes);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const { values } = parseArgs({
    args,
    options: {
      target: { type: "string" },
      yes: { type: "boolean", default: false },
      "skip-build": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || (command !== "deploy" && command !== "destroy")) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const target = values.target ?? "local";
  if (!isTarget(target)) throw new Error(`unknown target "${target}"\n${USAGE}`);
  const request: DeployRequest = {
    target: target satisfies Target,
    build: !values["skip-build"],
    confirmed: values.yes,
    reporter: consoleReporter,
  };
  noteNodeVersion((line) => console.log(`  ${line}`));
  const started = performance.now();
  if (command === "deploy") {
    const result = await deploy(request);
    const changes = result.changes === "reused" ? "unchanged" : summary(result.changes);
    console.log(`Deployed ${target} in ${formatDuration(performance.now() - started)}: ${changes}`);
    printOutputs(result.outputs);
  } else {
    const result = await destroy(request);
    console.log(
      `Destroyed ${target} in ${formatDuration(performance.now() - started)}: ${summary(result.changes)}`,
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`darkroom: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
