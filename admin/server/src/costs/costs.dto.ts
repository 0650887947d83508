import { createZodDto } from "nestjs-zod";
import { z } from "zod";
import { PROJECTION_IMAGES, WINDOW_HOURS } from "./cost-window.ts";
import { SERVICES } from "./estimate.ts";
import { measuredReadingsSchema } from "./measured-usage.ts";
import { PRICE_KEYS } from "./price-table.ts";
import { syntheticKnobsSchema } from "./synthetic-usage.ts";
import { monthlyUsageSchema } from "./usage.ts";

const wholeNumber = (what: string) =>
  z.coerce.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`);

export const costsQuerySchema = z.strictObject({
  window: wholeNumber("window")
    .min(WINDOW_HOURS.min, `must be at least ${WINDOW_HOURS.min} hour`)
    .max(WINDOW_HOURS.max, `must be at most ${WINDOW_HOURS.max} hours (15 days)`)
    .default(WINDOW_HOURS.default)
    .describe("hours of measured usage, up to now, extrapolated to a 730-hour month"),
});
export class CostsQueryDto extends createZodDto(costsQuerySchema) {}
export type CostsQuery = z.infer<typeof costsQuerySchema>;

export const projectionQuerySchema = z.strictObject({
  imagesPerMonth: wholeNumber("imagesPerMonth")
    .min(PROJECTION_IMAGES.min, "must not be negative")
    .max(PROJECTION_IMAGES.max, `must be at most ${PROJECTION_IMAGES.max.toLocaleString("en-US")}`),
  avgOriginalBytes: wholeNumber("avgOriginalBytes")
    .min(1)
    .max(100 * 1024 * 1024)
    .optional()
    .describe("average upload size (default 2 MiB)"),
  processorDurationMs: wholeNumber("processorDurationMs")
    .min(1)
    .max(900_000)
    .optional()
    .describe("average processor run (default 1,000 ms)"),
  processorMemoryMb: wholeNumber("processorMemoryMb")
    .min(128)
    .max(10_240)
    .optional()
    .describe("processor memory (default: the deployed configuration's)"),
});
export class ProjectionQueryDto extends createZodDto(projectionQuerySchema) {}
export type ProjectionQuery = z.infer<typeof projectionQuerySchema>;

const moneySchema = z.object({
  usd: z.string().describe("rounded half-up to the cent"),
  cents: z.number().int(),
  exactUsd: z.string().describe("10 decimal places, before rounding"),
});

const costLineSchema = z.object({
  item: z.string(),
  priceKey: z.enum(PRICE_KEYS),
  quantity: z.string(),
  unit: z.string(),
  unitPrice: z.object({ usd: z.string(), per: z.number(), unit: z.string(), verified: z.boolean() }),
  cost: moneySchema,
  formula: z.string().describe("how the quantity was derived, then quantity × unit price"),
});

export const costEstimateSchema = z.object({
  region: z.string(),
  priceTableVersion: z.string(),
  priceSourceDate: z.string(),
  currency: z.literal("USD"),
  total: moneySchema,
  totalFormula: z.string(),
  byService: z
    .array(
      z.object({
        service: z.enum(SERVICES),
        cost: moneySchema,
        lines: z.array(costLineSchema).readonly(),
        formula: z.string(),
      }),
    )
    .readonly(),
  imagesPerMonth: z.number(),
  perThousandImages: moneySchema.nullable().describe("null when no image was processed"),
  perThousandImagesFormula: z.string().nullable(),
  lambdaFreeTierApplied: z.boolean(),
  unverifiedPrices: z.array(z.enum(PRICE_KEYS)).readonly(),
  assumptions: z.array(z.string()).readonly(),
});

const measurementNoteSchema = z.object({
  reading: z.string(),
  status: z.enum(["measured", "partial", "not measured"]),
  source: z.string(),
  detail: z.string().optional(),
});

export const measuredCostsSchema = z.object({
  basis: z.literal("measured"),
  target: z.string(),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime(), hours: z.number().int() }),
  /** 730 hours ÷ the window: what each flow was multiplied by. */
  monthFactor: z.number(),
  periodSeconds: z.number().int().describe("the period the metric sums were read at"),
  readings: measuredReadingsSchema.describe("what was read from the target, before extrapolation"),
  measurements: z
    .array(measurementNoteSchema)
    .describe("how each reading was obtained; 'not measured' ones are estimated (see estimate.assumptions)"),
  usage: monthlyUsageSchema.describe("the month the readings extrapolate to"),
  estimate: costEstimateSchema,
});
export class MeasuredCostsDto extends createZodDto(measuredCostsSchema) {}
export type MeasuredCosts = z.infer<typeof measuredCostsSchema>;

export const projectedCostsSchema = z.object({
  basis: z.literal("synthetic"),
  knobs: syntheticKnobsSchema.describe("the synthetic usage model's inputs, defaults filled in"),
  usage: monthlyUsageSchema,
  estimate: costEstimateSchema,
});
export class ProjectedCostsDto extends createZodDto(projectedCostsSchema) {}
export type ProjectedCosts = z.infer<typeof projectedCostsSchema>;

const listPriceSchema = z.object({
  key: z.enum(PRICE_KEYS),
  usd: z.string(),
  per: z.number(),
  unit: z.string(),
  verified: z.boolean(),
  source: z.string(),
  note: z.string().optional(),
});

export const priceTableViewSchema = z.object({
  version: z.string(),
  currency: z.literal("USD"),
  verification: z.string(),
  region: z.string(),
  location: z.string(),
  sourceDate: z.string(),
  regions: z.array(z.string()).describe("the regions the table has prices for"),
  sources: z.record(z.string(), z.object({ title: z.string(), url: z.string(), read: z.string() })),
  prices: z.array(listPriceSchema),
  freeTier: z.record(
    z.string(),
    z.object({
      quantity: z.number(),
      unit: z.string(),
      verified: z.boolean(),
      source: z.string(),
      note: z.string().optional(),
    }),
  ),
  unverified: z.array(z.enum(PRICE_KEYS)).describe("prices seen only in third-party material"),
  refresh: z.string().describe("how the table is refreshed"),
});
export class PriceTableViewDto extends createZodDto(priceTableViewSchema) {}
export type PriceTableView = z.infer<typeof priceTableViewSchema>;

export const costSnapshotSchema = z.object({
  takenAt: z.iso.datetime(),
  windowHours: z.number().int(),
  total: moneySchema,
  perThousandImages: moneySchema.nullable(),
  imagesPerMonth: z.number(),
  byService: z.array(z.object({ service: z.enum(SERVICES), cost: moneySchema })),
  notMeasured: z.array(z.string()).describe("readings that were estimated, not measured"),
});
export type CostSnapshot = z.infer<typeof costSnapshotSchema>;

export const costSnapshotsSchema = z.object({
  snapshots: z.array(costSnapshotSchema).describe("oldest first"),
  kept: z.number().int().describe("how many are kept in memory (DARKROOM_COST_SNAPSHOTS)"),
  everyMs: z.number().int().describe("the job's period (DARKROOM_COST_SNAPSHOT_MS; 0: off)"),
  lastError: z
    .object({ at: z.iso.datetime(), message: z.string() })
    .nullable()
    .describe("the last failed run, if the latest run failed"),
});
export class CostSnapshotsDto extends createZodDto(costSnapshotsSchema) {}
export type CostSnapshots = z.infer<typeof costSnapshotsSchema>;
