import { type Exact, roundToScaled, toFixed } from "./exact.ts";

/**
 * A cost as shown: `usd` rounded to the cent, half-up (half away from zero), for display only;
 * `exactUsd` to 10 decimal places (the finest price in the table, $0.0000133334, has 10) so that
 * a reader can redo the sum without the display rounding.
 */
export interface Money {
  readonly usd: string;
  readonly cents: number;
  readonly exactUsd: string;
}

export const DISPLAY_ROUNDING = "half-up to the cent, applied once per shown figure to its exact value";

export function money(value: Exact): Money {
  return { usd: toFixed(value, 2), cents: Number(roundToScaled(value, 2)), exactUsd: toFixed(value, 10) };
}
