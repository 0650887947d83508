import { Controller, Get, Header, Inject } from "@nestjs/common";
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from "@nestjs/swagger";
import { HTTP_METRICS } from "../app/tokens.ts";
import type { HttpMetrics } from "./http-metrics.ts";

/** Prometheus' text format at /metrics (outside /api, where scrapers look); the token applies. */
@ApiTags("metrics")
@ApiBearerAuth()
@Controller("metrics")
export class MetricsController {
  readonly #metrics: HttpMetrics;

  constructor(@Inject(HTTP_METRICS) metrics: HttpMetrics) {
    this.#metrics = metrics;
  }

  @Get()
  @Header("content-type", "text/plain; version=0.0.4; charset=utf-8")
  @ApiProduces("text/plain")
  @ApiOkResponse({ description: "Prometheus exposition format", schema: { type: "string" } })
  metrics(): Promise<string> {
    return this.#metrics.registry.metrics();
  }
}
