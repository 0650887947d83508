import { Controller, Get, Inject, Query } from "@nestjs/common";
import { ApiBearerAuth, ApiTags } from "@nestjs/swagger";
import { ZodResponse } from "nestjs-zod";
import { ParamTypes } from "../app/param-types.ts";
import { LogsPageDto, LogsQueryDto, LogsTailDto, LogsTailQueryDto } from "./logs.dto.ts";
import { LogsService } from "./logs.service.ts";

@ApiTags("logs")
@ApiBearerAuth()
@Controller("logs")
export class LogsController {
  readonly #logs: LogsService;

  constructor(@Inject(LogsService) logs: LogsService) {
    this.#logs = logs;
  }

  @Get()
  @ParamTypes(LogsQueryDto)
  @ZodResponse({
    status: 200,
    type: LogsPageDto,
    description: "A page of a function's log events matching a CloudWatch filter pattern",
  })
  list(@Query() query: LogsQueryDto) {
    return this.#logs.list(query);
  }

  @Get("tail")
  @ParamTypes(LogsTailQueryDto)
  @ZodResponse({
    status: 200,
    type: LogsTailDto,
    description: "Events received since the last poll, and the `since` for the next one",
  })
  tail(@Query() query: LogsTailQueryDto) {
    return this.#logs.tail(query);
  }
}
