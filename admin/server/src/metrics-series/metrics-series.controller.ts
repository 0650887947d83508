import { Controller, Get, Inject, Query } from "@nestjs/common";
import { ApiBearerAuth, ApiTags } from "@nestjs/swagger";
import { ZodResponse } from "nestjs-zod";
import { ParamTypes } from "../app/param-types.ts";
import { METRICS_SERIES_PATH, MetricsQueryDto, MetricsSeriesDto } from "./metrics-series.dto.ts";
import { MetricsSeriesService } from "./metrics-series.service.ts";

@ApiTags("metrics")
@ApiBearerAuth()
/**
 * `/api/metrics`, written out: the Prometheus endpoint (metrics.controller.ts) is the GET
 * `metrics` route excluded from the global prefix, and an exclusion matches by path alone, so
 * this route names its prefix itself and is excluded too (create-app.ts).
 */
@Controller(METRICS_SERIES_PATH)
export class MetricsSeriesController {
  readonly #series: MetricsSeriesService;

  constructor(@Inject(MetricsSeriesService) series: MetricsSeriesService) {
    this.#series = series;
  }

  @Get()
  @ParamTypes(MetricsQueryDto)
  @ZodResponse({
    status: 200,
    type: MetricsSeriesDto,
    description: "Time series for the console's charts, from one GetMetricData call",
  })
  series(@Query() query: MetricsQueryDto) {
    return this.#series.series(query);
  }
}
