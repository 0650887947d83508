import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from "@nestjs/common";
import { ApiBearerAuth, ApiTags } from "@nestjs/swagger";
import { ZodResponse } from "nestjs-zod";
import { ParamTypes } from "../app/param-types.ts";
import {
  AlarmHistoryDto,
  AlarmHistoryQueryDto,
  AlarmListDto,
  AlarmNameParamsDto,
  AlarmSeriesListDto,
  AlarmSeriesQueryDto,
  AlarmStateSetDto,
  SetAlarmStateBodyDto,
} from "./alarms.dto.ts";
import { AlarmsService } from "./alarms.service.ts";

@ApiTags("alarms")
@ApiBearerAuth()
@Controller()
export class AlarmsController {
  readonly #alarms: AlarmsService;

  constructor(@Inject(AlarmsService) alarms: AlarmsService) {
    this.#alarms = alarms;
  }

  @Get("alarms")
  @ZodResponse({ status: 200, type: AlarmListDto, description: "Every alarm of the stack, by name" })
  list() {
    return this.#alarms.list();
  }

  @Get("alarms/series")
  @ParamTypes(AlarmSeriesQueryDto)
  @ZodResponse({
    status: 200,
    type: AlarmSeriesListDto,
    description:
      "What each alarm evaluates (its metric or metric math) with its threshold, from one GetMetricData call",
  })
  series(@Query() query: AlarmSeriesQueryDto) {
    return this.#alarms.series(query);
  }

  @Get("alarms/:name/history")
  @ParamTypes(AlarmNameParamsDto, AlarmHistoryQueryDto)
  @ZodResponse({ status: 200, type: AlarmHistoryDto, description: "The alarm's history, newest first" })
  history(@Param() params: AlarmNameParamsDto, @Query() query: AlarmHistoryQueryDto) {
    return this.#alarms.history(params.name, query);
  }

  @Post("alarms/:name/state")
  @HttpCode(200)
  @ParamTypes(AlarmNameParamsDto, SetAlarmStateBodyDto)
  @ZodResponse({
    status: 200,
    type: AlarmStateSetDto,
    description: "A drill: the alarm takes the state until its next evaluation (403 on the aws target)",
  })
  setState(@Param() params: AlarmNameParamsDto, @Body() body: SetAlarmStateBodyDto) {
    return this.#alarms.setState(params.name, body);
  }
}
