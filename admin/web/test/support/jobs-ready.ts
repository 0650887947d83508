import type { LoggerService } from "@nestjs/common";

/** The backend jobs whose first run sets the baseline of what is news (see admin/server/src/jobs). */
const WATCH_JOBS = ["alarm-watch", "alert-watch"];

/**
 * The backend's logger for the browser tests: quiet, but errors go to stderr, and `ready` settles
 * once every watch job has run once. Before that first run, an alert or alarm change counts as
 * already there and is never streamed, so the tests start after it.
 */
export function jobsReadyLogger(): { logger: LoggerService; ready: Promise<void> } {
  const pending = new Set(WATCH_JOBS);
  let resolve: () => void = () => {};
  const ready = new Promise<void>((settle) => {
    resolve = settle;
  });
  const note = (message: unknown) => {
    const entry = message as { msg?: unknown; job?: unknown; outcome?: unknown };
    if (entry?.msg === "job run" && entry.outcome === "ok" && typeof entry.job === "string") {
      pending.delete(entry.job);
      if (pending.size === 0) resolve();
    }
  };
  const logger: LoggerService = {
    log: note,
    warn: () => {},
    error: (message: unknown) => console.error("admin backend:", JSON.stringify(message)),
  };
  return { logger, ready };
}
