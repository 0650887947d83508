import "reflect-metadata";
import { Body, Controller, Get, type INestApplication, Module, Post } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { DocumentBuilder, SwaggerModule } from "@nestjs/swagger";
import { cleanupOpenApiDoc, createZodDto, ZodResponse } from "nestjs-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { restoreZodTypeLists } from "../src/app/openapi-type-lists.ts";
import { ParamTypes } from "../src/app/param-types.ts";

const fields = z.object({
  bare: z.string().nullable(),
  described: z.string().nullable().describe("a cursor"),
  either: z.union([z.string(), z.number()]),
  list: z.array(z.string()),
  maybeList: z.array(z.string()).nullable(),
  bounded: z.number().int().min(0).nullable(),
  later: z.string().optional(),
});
class FieldsDto extends createZodDto(fields) {}
class FieldsBodyDto extends createZodDto(fields) {}

@Controller()
class FieldsController {
  @Get("fields")
  @ZodResponse({ type: FieldsDto })
  read(): z.input<typeof fields> {
    return { bare: null, described: null, either: 1, list: [], maybeList: null, bounded: null };
  }

  @Post("fields")
  @ParamTypes(FieldsBodyDto)
  write(@Body() _body: FieldsBodyDto) {
    return null;
  }
}

@Module({ controllers: [FieldsController] })
class FieldsModule {}

/** nestjs-zod #473: zod's `type: [t, "null"]` must not reach swagger as "an array of t". */
describe("restoreZodTypeLists", () => {
  let app: INestApplication;
  let schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }>;

  beforeAll(async () => {
    app = await NestFactory.create(FieldsModule, { logger: false });
    restoreZodTypeLists(app);
    restoreZodTypeLists(app);
    const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, new DocumentBuilder().build()));
    schemas = document.components?.schemas as typeof schemas;
  });
  afterAll(() => app?.close());

  it.each(["FieldsDto_Output", "FieldsBodyDto"])(
    "documents %s's bare nullable and union fields as they are",
    (name) => {
      const properties = schemas[name]?.properties;
      expect(properties?.bare).toEqual({ type: "string", nullable: true });
      expect(properties?.described).toEqual({ type: "string", nullable: true, description: "a cursor" });
      expect(properties?.either).toEqual({ anyOf: [{ type: "string" }, { type: "number" }] });
      // What nestjs-zod already got right stays as it was.
      expect(properties?.list).toEqual({ type: "array", items: { type: "string" } });
      expect(properties?.maybeList).toEqual({ type: "array", items: { type: "string" }, nullable: true });
      expect(properties?.bounded).toMatchObject({ type: "integer", minimum: 0, nullable: true });
      expect(properties?.later).toEqual({ type: "string" });
      expect(schemas[name]?.required).toEqual([
        "bare",
        "described",
        "either",
        "list",
        "maybeList",
        "bounded",
      ]);
    },
  );
});
