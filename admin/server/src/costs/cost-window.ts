/** A measured estimate's window, in hours: one hour to the 15 days CloudWatch keeps one-minute data. */
export const WINDOW_HOURS = { min: 1, max: 360, default: 24 } as const;

/** Projections: from none to a hundred million images a month. */
export const PROJECTION_IMAGES = { min: 0, max: 100_000_000 } as const;
