import { Controller, Get, Inject, Query } from "@nestjs/common";
import { ApiBearerAuth, ApiTags } from "@nestjs/swagger";
import { ZodResponse } from "nestjs-zod";
import { ParamTypes } from "../app/param-types.ts";
import { AlertListDto, AlertsQueryDto } from "./alerts.dto.ts";
import { AlertsService } from "./alerts.service.ts";

@ApiTags("alerts")
@ApiBearerAuth()
@Controller()
export class AlertsController {
  readonly #alerts: AlertsService;

  constructor(@Inject(AlertsService) alerts: AlertsService) {
    this.#alerts = alerts;
  }

  @Get("alerts")
  @ParamTypes(AlertsQueryDto)
  @ZodResponse({
    status: 200,
    type: AlertListDto,
    description: "What the alert topics delivered, newest first (source says where it was read)",
  })
  list(@Query() query: AlertsQueryDto) {
    return this.#alerts.list(query);
  }
}
