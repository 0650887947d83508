/** The cost estimator's public surface, framework-free: the Nest service calls these. */
export {
  type CostEstimate,
  type CostLine,
  type EstimateOptions,
  estimate,
  SERVICES,
  type ServiceCost,
} from "./estimate.ts";
export {
  type MeasuredReadings,
  type MeasuredUsage,
  MONTH_SECONDS,
  measuredReadingsSchema,
  usageFromMeasurements,
} from "./measured-usage.ts";
export { DISPLAY_ROUNDING, type Money } from "./money.ts";
export {
  bundledPriceTable,
  PRICE_KEYS,
  type PriceKey,
  type PriceTable,
  parsePriceTable,
  type RegionPriceList,
  regionPrices,
} from "./price-table.ts";
export { FIXED_QUANTITIES, projectEstimate, projectUsage } from "./projection.ts";
export {
  buildSyntheticUsage,
  SYNTHETIC_DEFAULTS,
  type SyntheticKnobs,
  syntheticKnobsSchema,
} from "./synthetic-usage.ts";
export { type MonthlyUsage, monthlyUsageSchema, parseMonthlyUsage } from "./usage.ts";
