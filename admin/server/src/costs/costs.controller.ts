import { Controller, Get, Inject, Query } from "@nestjs/common";
import { ApiBearerAuth, ApiTags } from "@nestjs/swagger";
import { ZodResponse } from "nestjs-zod";
import { ParamTypes } from "../app/param-types.ts";
import { CostSnapshotsJob } from "./cost-snapshots.job.ts";
import {
  CostSnapshotsDto,
  CostsQueryDto,
  MeasuredCostsDto,
  PriceTableViewDto,
  ProjectedCostsDto,
  ProjectionQueryDto,
} from "./costs.dto.ts";
import { CostsService } from "./costs.service.ts";

@ApiTags("costs")
@ApiBearerAuth()
@Controller("costs")
export class CostsController {
  readonly #costs: CostsService;
  readonly #snapshots: CostSnapshotsJob;

  constructor(
    @Inject(CostsService) costs: CostsService,
    @Inject(CostSnapshotsJob) snapshots: CostSnapshotsJob,
  ) {
    this.#costs = costs;
    this.#snapshots = snapshots;
  }

  @Get()
  @ParamTypes(CostsQueryDto)
  @ZodResponse({
    status: 200,
    type: MeasuredCostsDto,
    description: "A monthly estimate from the usage measured on the target over the window",
  })
  measured(@Query() query: CostsQueryDto) {
    return this.#costs.measured(query.window);
  }

  @Get("projection")
  @ParamTypes(ProjectionQueryDto)
  @ZodResponse({
    status: 200,
    type: ProjectedCostsDto,
    description: "The estimate for N images a month, from the synthetic usage model",
  })
  projection(@Query() query: ProjectionQueryDto) {
    return this.#costs.projection(query);
  }

  @Get("prices")
  @ZodResponse({
    status: 200,
    type: PriceTableViewDto,
    description: "The list-price table for the target's region",
  })
  prices() {
    return this.#costs.prices();
  }

  @Get("snapshots")
  @ZodResponse({
    status: 200,
    type: CostSnapshotsDto,
    description: "The scheduled job's latest measured estimates, oldest first",
  })
  snapshots() {
    return this.#snapshots.list();
  }
}
