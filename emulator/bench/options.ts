/** The flags every bench takes: `--quick` runs a tenth of the work and never writes; `--no-write` or DARKROOM_BENCH_WRITE=0 only prints. */
export interface BenchOptions {
  quick: boolean;
  /** Whether to write the results into BENCHMARKS.md. */
  write: boolean;
  /** What to multiply operation counts by. */
  scale: number;
  /** The command that produced the run, for the report: the npm script, or the node invocation. */
  command: string;
}

export function benchOptions(npmScript: string, file: string): BenchOptions {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  return {
    quick,
    write: !quick && !args.includes("--no-write") && process.env.DARKROOM_BENCH_WRITE !== "0",
    scale: quick ? 0.1 : 1,
    command: process.env.npm_lifecycle_event
      ? `npm run ${npmScript}`
      : [`node --import tsx bench/${file}`, ...args].join(" "),
  };
}
