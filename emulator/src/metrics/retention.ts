export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How long each resolution is kept. */
export interface MetricRetention {
  /** 1-second buckets of high-resolution data (AWS: 3 hours). */
  highResolutionMs: number;
  /** 1-minute buckets; older hours are rolled up into 1-hour buckets. */
  minuteMs: number;
  /** 1-hour rollups; older data is dropped. */
  hourMs: number;
}

export const DEFAULT_RETENTION: MetricRetention = {
  highResolutionMs: 3 * HOUR_MS,
  minuteMs: 24 * HOUR_MS,
  hourMs: 15 * DAY_MS,
};

/** How often the store's sweep runs. */
export const EXPIRY_INTERVAL_MS = 60_000;
