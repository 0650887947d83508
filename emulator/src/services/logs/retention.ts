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
 * alive, replacing the backend's sweep if one runs. Deletions reach the log with the
 * next flush, which the sweep asks for.
 */
export function startRetentionSweep(backend: LogsBackend, intervalMs = SWEEP_INTERVAL_MS): void {
  stopRetentionSweep(backend);
  const timer = setInterval(() => {
    try {
      if (sweepExpiredEvents(backend) > 0) {
        backend.runtime.store.flush().catch((err: unknown) => report(err));
      }
    } catch (err) {
      // The store refuses writes once closed (the emulator stopped): nothing left to sweep.
      stopRetentionSweep(backend);
      report(err);
    }
  }, intervalMs);
  timer.unref();
  backend.sweepTimer = timer;
}

/** Starts the sweep unless the backend already has one (the service may be created more than once). */
export function ensureRetentionSweep(backend: LogsBackend): void {
  if (!backend.sweepTimer) startRetentionSweep(backend);
}

export function stopRetentionSweep(backend: LogsBackend): void {
  if (backend.sweepTimer) clearInterval(backend.sweepTimer);
  backend.sweepTimer = null;
}

function report(err: unknown): void {
  const message = (err as Error)?.message ?? String(err);
  if (/closed|closing/.test(message)) return;
  process.stderr.write(`darkroom: logs retention sweep failed: ${message}\n`);
}
