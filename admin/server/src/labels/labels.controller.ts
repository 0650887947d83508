import { Controller, Get, HttpCode, Inject, Post, Query } from "@nestjs/common";
import { ApiBearerAuth, ApiTags } from "@nestjs/swagger";
import { ZodResponse } from "nestjs-zod";
import { ParamTypes } from "../app/param-types.ts";
import { LabelListDto, RecountDto, TopLabelsQueryDto } from "./labels.dto.ts";
import { LabelsService } from "./labels.service.ts";

/** Thin: the DTOs validate and document; LabelsService reads and recounts. */
@ApiTags("labels")
@ApiBearerAuth()
@Controller()
export class LabelsController {
  readonly #labels: LabelsService;

  constructor(@Inject(LabelsService) labels: LabelsService) {
    this.#labels = labels;
  }

  @Get("labels")
  @ParamTypes(TopLabelsQueryDto)
  @ZodResponse({ status: 200, type: LabelListDto, description: "The top labels by image count" })
  top(@Query() query: TopLabelsQueryDto) {
    return this.#labels.top(query.top);
  }

  @Post("labels/recount")
  @HttpCode(200)
  @ZodResponse({
    status: 200,
    type: RecountDto,
    description: "Counts set from the label items (a Scan of the table; for tables older than counts)",
  })
  recount() {
    return this.#labels.recount();
  }
}
