import { VARIANT_SPECS } from "@darkroom/image-record";
import { ConflictException, Inject, Injectable } from "@nestjs/common";
import { targetSettings } from "../../../../infra/targets.ts";
import { ADMIN_SETTINGS } from "../app/tokens.ts";
import type { AdminSettings } from "../settings/admin-settings.ts";
import type { MeasuredCosts, PriceTableView, ProjectedCosts, ProjectionQuery } from "./costs.dto.ts";
import { estimate } from "./estimate.ts";
import { usageFromMeasurements } from "./measured-usage.ts";
import {
  bundledPriceTable,
  PRICE_KEYS,
  type RegionPriceList,
  regionPrices,
  unverifiedPrices,
} from "./price-table.ts";
import { buildSyntheticUsage } from "./synthetic-usage.ts";
import type { MonthlyUsage } from "./usage.ts";
import { UsageMeasurementService } from "./usage-measurement.service.ts";

/** The projection's defaults for the four required knobs the query may leave out. */
const PROJECTION_DEFAULTS = { avgOriginalBytes: 2 * 1024 * 1024, processorDurationMs: 1000 } as const;

/** How the price table is refreshed; the Price List API refresh is not built (see the costs README). */
const REFRESH =
  "A versioned data file (admin/server/src/costs/price-table.json) updated by hand from AWS's pricing pages and Price List API offer files; this backend does not call the Price List API.";

/** Monthly estimates from measured usage or from the synthetic model, at the table's list prices. */
@Injectable()
export class CostsService {
  readonly #settings: AdminSettings;
  readonly #measurement: UsageMeasurementService;

  constructor(
    @Inject(ADMIN_SETTINGS) settings: AdminSettings,
    @Inject(UsageMeasurementService) measurement: UsageMeasurementService,
  ) {
    this.#settings = settings;
    this.#measurement = measurement;
  }

  /** The target's usage over the last `windowHours`, extrapolated to a month and priced. */
  async measured(windowHours: number, now = Date.now()): Promise<MeasuredCosts> {
    const prices = this.#prices();
    const { readings, notes, periodSeconds } = await this.#measurement.measure(windowHours, now);
    const measured = usageFromMeasurements(readings);
    const { usage, note } = asOnAws(measured.usage, this.#settings);
    const priced = estimate(usage, prices);
    return {
      basis: "measured",
      target: this.#settings.target,
      window: { start: readings.window.start, end: readings.window.end, hours: windowHours },
      monthFactor: measured.monthFactor,
      periodSeconds,
      readings,
      measurements: notes,
      usage,
      estimate: { ...priced, assumptions: [...measured.assumptions, ...note, ...priced.assumptions] },
    };
  }

  /** N images a month through the synthetic usage model (the deployed processor's memory by default). */
  projection(query: ProjectionQuery): ProjectedCosts {
    const prices = this.#prices();
    const synthetic = buildSyntheticUsage({
      imagesPerMonth: query.imagesPerMonth,
      avgOriginalBytes: query.avgOriginalBytes ?? PROJECTION_DEFAULTS.avgOriginalBytes,
      variantsPerImage: Object.keys(VARIANT_SPECS).length,
      processorDurationMs: query.processorDurationMs ?? PROJECTION_DEFAULTS.processorDurationMs,
      processorMemoryMb: query.processorMemoryMb ?? this.#settings.infra.processor.memoryMb,
    });
    const priced = estimate(synthetic.usage, prices);
    const given = (knob: keyof typeof PROJECTION_DEFAULTS, what: string) =>
      query[knob] === undefined
        ? [`${knob} = ${PROJECTION_DEFAULTS[knob].toLocaleString("en-US")}: ${what}.`]
        : [];
    return {
      basis: "synthetic",
      knobs: synthetic.knobs,
      usage: synthetic.usage,
      estimate: {
        ...priced,
        assumptions: [
          ...given("avgOriginalBytes", "the default upload size (2 MiB)"),
          ...given("processorDurationMs", "an assumed average run; measure it with GET /api/costs"),
          ...(query.processorMemoryMb === undefined
            ? [
                `processorMemoryMb = ${this.#settings.infra.processor.memoryMb}: the deployed processor's memory.`,
              ]
            : []),
          `variantsPerImage = ${Object.keys(VARIANT_SPECS).length}: the variants the processor writes.`,
          ...synthetic.assumptions,
          ...priced.assumptions,
        ],
      },
    };
  }

  /** The price table for the active region: every list price, its source, and which are unverified. */
  prices(): PriceTableView {
    const table = bundledPriceTable();
    const region = this.#prices();
    return {
      version: table.version,
      currency: table.currency,
      verification: table.verification,
      region: region.region,
      location: region.location,
      sourceDate: region.sourceDate,
      regions: Object.keys(table.regions),
      sources: region.sources,
      prices: PRICE_KEYS.map((key) => ({ key, ...region.prices[key] })),
      freeTier: region.freeTier,
      unverified: unverifiedPrices(region),
      refresh: REFRESH,
    };
  }

  #prices(): RegionPriceList {
    const region = this.#settings.endpoint.region;
    const table = bundledPriceTable();
    if (!(region in table.regions)) {
      throw new ConflictException({
        error: "NoPrices",
        message: `the price table ${table.version} has no prices for ${region} (it has ${Object.keys(table.regions).join(", ")})`,
      });
    }
    return regionPrices(table, region);
  }
}

/**
 * The month as AWS would bill it: local targets run the functions on the host's architecture,
 * the aws target deploys them on its own (arm64), so that is the architecture priced.
 */
function asOnAws(usage: MonthlyUsage, settings: AdminSettings): { usage: MonthlyUsage; note: string[] } {
  const architecture = targetSettings("aws", settings.infra).architecture;
  const differing = usage.lambda.functions.filter((fn) => fn.architecture !== architecture);
  if (differing.length === 0) return { usage, note: [] };
  return {
    usage: {
      ...usage,
      lambda: { functions: usage.lambda.functions.map((fn) => ({ ...fn, architecture })) },
    },
    note: [
      `Lambda is priced as ${architecture}, the architecture the aws target deploys; ${differing.map((fn) => fn.name).join(", ")} ran on ${differing[0]?.architecture} here (the ${settings.target} target uses the host's).`,
    ],
  };
}
