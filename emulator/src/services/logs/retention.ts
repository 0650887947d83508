import type { LogsBackend } from "./backend.ts";
import { LogsState } from "./state.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The retention periods PutRetentionPolicy accepts, in days. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** How often the background sweep deletes expired events. */
export const SWEEP_INTERVAL_MS = 60_000;

/** Events with a timestamp before this have outlived the retention period. */
export function retentionCutoff(retentionInDays: number | undefined, now: number): number | undefined {
  return retentionInDays === undefined ? undefined : now - retentionInDays * DAY_MS;
}

/** Deletes a group's events that are older than its retention; returns how many streams changed. */
export function expireGroup(backend: LogsBackend, state: LogsState, groupName: string, now: number): number {
  const group = state.groups.get(groupName);
  const cutoff = retentionCutoff(group?.retentionInDays, now);
  if (!group || cutoff === undefined) return 0;
  let changed = 0;
  for (const stream of [...state.streams(group.name).values()]) {
    if (backend.events.expire(state, group.name, stream, cutoff)) changed++;
  }
  return changed;
}

/** One pass over every account, region and group with a retention policy. */
export function sweepExpiredEvents(backend: LogsBackend, now = Date.now()): number {
  let changed = 0;
  for (const scope of LogsState.scopes(backend.runtime.store)) {
    const state = backend.state(scope);
    for (const group of [...state.groups.values()]) {
      if (group.retentionInDays !== undefined) changed += expireGroup(backend, state, group.name, now);
    }
  }
  return changed;
}

/**
 * Runs the sweep every `intervalMs` on an unref'd timer, so it never keeps the process
 * alive. The deletions reach the log with the next flush, which the sweep asks for.
 * Returns a function that stops it.
 */
export function startRetentionSweep(backend: LogsBackend, intervalMs = SWEEP_INTERVAL_MS): () => void {
  // One sweep per backend, however many times the service is created over the runtime.
  if (backend.sweeping) return () => undefined;
  backend.sweeping = true;
  const stop = () => {
    clearInterval(timer);
    backend.sweeping = false;
  };
  const timer = setInterval(() => {
    try {
      if (sweepExpiredEvents(backend) > 0) {
        backend.runtime.store.flush().catch((err: unknown) => report(err));
      }
    } catch (err) {
      // The store refuses writes once closed (the emulator stopped): nothing left to sweep.
      stop();
      report(err);
    }
  }, intervalMs);
  timer.unref();
  return stop;
}

function report(err: unknown): void {
  const message = (err as Error)?.message ?? String(err);
  if (/closed|closing/.test(message)) return;
  process.stderr.write(`darkroom: logs retention sweep failed: ${message}\n`);
}
