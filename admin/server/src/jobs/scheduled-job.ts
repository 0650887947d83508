/** What a job's run reports: a few fields for its log line (counts, ids). */
export type JobDetails = Record<string, string | number | boolean>;

/** A job the JobRunner runs on an interval, one run at a time. */
export interface ScheduledJob {
  /** Names its interval in @nestjs/schedule's registry and its log lines. */
  readonly name: string;
  run(): Promise<JobDetails>;
}

/**
 * A job that reports what changed since its first reading (the baseline: what is there already
 * is not news). The runner takes the baseline at startup; until one is taken, run() takes it.
 */
export interface WatchJob extends ScheduledJob {
  baseline(): Promise<JobDetails>;
}
