import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from "@nestjs/common";
import { ApiBearerAuth, ApiTags } from "@nestjs/swagger";
import { ZodResponse } from "nestjs-zod";
import { ParamTypes } from "../app/param-types.ts";
import { ImageListingService } from "./image-listing.service.ts";
import {
  CreatedUploadDto,
  CreateUploadBodyDto,
  DeletedImageDto,
  ImageDetailDto,
  ImageIdParamsDto,
  ImageListDto,
  ListImagesQueryDto,
  ReprocessingDto,
  UploadLimitsDto,
} from "./images.dto.ts";
import { ImagesService } from "./images.service.ts";

/** Thin: DTOs validate (ZodValidationPipe) and document; the services do the work. */
@ApiTags("images")
@ApiBearerAuth()
@Controller()
export class ImagesController {
  readonly #listing: ImageListingService;
  readonly #images: ImagesService;

  constructor(
    @Inject(ImageListingService) listing: ImageListingService,
    @Inject(ImagesService) images: ImagesService,
  ) {
    this.#listing = listing;
    this.#images = images;
  }

  @Get("images")
  @ParamTypes(ListImagesQueryDto)
  @ZodResponse({ status: 200, type: ImageListDto, description: "A page of images, newest first" })
  list(@Query() query: ListImagesQueryDto) {
    return this.#listing.list(query);
  }

  @Get("images/:imageId")
  @ParamTypes(ImageIdParamsDto)
  @ZodResponse({
    status: 200,
    type: ImageDetailDto,
    description: "The record, presigned links and processing logs",
  })
  detail(@Param() params: ImageIdParamsDto) {
    return this.#images.detail(params.imageId);
  }

  @Delete("images/:imageId")
  @ParamTypes(ImageIdParamsDto)
  @ZodResponse({
    status: 200,
    type: DeletedImageDto,
    description: "The record, the original and the variants are gone",
  })
  delete(@Param() params: ImageIdParamsDto) {
    return this.#images.delete(params.imageId);
  }

  @Post("images/:imageId/reprocess")
  @HttpCode(202)
  @ParamTypes(ImageIdParamsDto)
  @ZodResponse({ status: 202, type: ReprocessingDto, description: "The processor is invoked (Event)" })
  reprocess(@Param() params: ImageIdParamsDto) {
    return this.#images.reprocess(params.imageId);
  }

  @Get("uploads/limits")
  @ZodResponse({ status: 200, type: UploadLimitsDto, description: "What an upload may be" })
  uploadLimits() {
    return this.#images.uploadLimits();
  }

  @Post("uploads")
  @HttpCode(201)
  @ParamTypes(CreateUploadBodyDto)
  @ZodResponse({ status: 201, type: CreatedUploadDto, description: "The presigned POST for the browser" })
  createUpload(@Body() body: CreateUploadBodyDto) {
    return this.#images.createUpload(body);
  }
}
