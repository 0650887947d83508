import type { INestApplication } from "@nestjs/common";
import { ModulesContainer } from "@nestjs/core";

/** Where @nestjs/swagger keeps a handler's `@ApiResponse` (what `@ZodResponse` writes). */
const API_RESPONSE_METADATA = "swagger/apiResponse";
const FACTORY = "_OPENAPI_METADATA_FACTORY";
/** Keywords that describe a property as a whole and stay outside its alternatives. */
const ANNOTATIONS = new Set([
  "description",
  "title",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

type PropertySchema = Record<string, unknown>;
type DtoClass = { [FACTORY]?: () => Record<string, PropertySchema> };

const fixed = new WeakSet<object>();

/**
 * zod >= 4.5 writes a bare nullable field (`z.string().nullable()`) as `type: ["string",
 * "null"]`; nestjs-zod passes that to @nestjs/swagger as a DTO property, which reads an array
 * `type` as "an array of the first type": `nextCursor` became `string[]` in the document and the
 * generated client (nestjs-zod issue #473, open). This rewrites such a property as the
 * `anyOf` zod writes for a constrained field, which nestjs-zod's cleanupOpenApiDoc already
 * turns into `nullable: true`, by wrapping the metadata factory of every zod DTO a controller
 * takes or answers with. Call it before SwaggerModule.createDocument; it is idempotent.
 */
export function restoreZodTypeLists(app: INestApplication): void {
  for (const dto of dtoClasses(app)) {
    // Wrapped where it is defined (createZodDto's class, for `class X extends createZodDto()`):
    // swagger calls the factory of every class in the chain and merges what they return.
    const owner = factoryOwner(dto);
    const original = owner?.[FACTORY];
    if (!owner || typeof original !== "function" || fixed.has(owner)) continue;
    fixed.add(owner);
    Object.defineProperty(owner, FACTORY, {
      configurable: true,
      writable: true,
      value(this: DtoClass) {
        return Object.fromEntries(
          Object.entries(original.call(this)).map(([key, property]) => [key, withoutTypeList(property)]),
        );
      },
    });
  }
}

function factoryOwner(dto: DtoClass): DtoClass | undefined {
  for (let cls: unknown = dto; typeof cls === "function"; cls = Object.getPrototypeOf(cls)) {
    if (Object.hasOwn(cls, FACTORY)) return cls as DtoClass;
  }
  return undefined;
}

function withoutTypeList(property: PropertySchema): PropertySchema {
  const types = property.type;
  if (!Array.isArray(types)) return property;
  const outside: PropertySchema = {};
  const inside: PropertySchema = {};
  for (const [key, value] of Object.entries(property)) {
    if (key === "type") continue;
    const whole =
      ANNOTATIONS.has(key) || key.startsWith("x-") || key === "required" || key === "selfRequired";
    (whole ? outside : inside)[key] = value;
  }
  // `type: ""` as nestjs-zod writes for anyOf (swagger needs a type; cleanup removes it).
  return {
    ...outside,
    type: "",
    anyOf: types.map((type) => (type === "null" ? { type: "null" } : { ...inside, type })),
  };
}

/** The DTO classes the controllers' handlers take (design:paramtypes) and answer with. */
function dtoClasses(app: INestApplication): Set<DtoClass> {
  const found = new Set<DtoClass>();
  const add = (candidate: unknown) => {
    if (typeof candidate === "function" && FACTORY in candidate) found.add(candidate as DtoClass);
  };
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: Record<string, unknown> } | null)?.prototype;
      if (!prototype) continue;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === "constructor" || typeof handler !== "function") continue;
        const params: unknown = Reflect.getMetadata("design:paramtypes", prototype, name);
        if (Array.isArray(params)) params.forEach(add);
        const responses: unknown = Reflect.getMetadata(API_RESPONSE_METADATA, handler);
        for (const response of Object.values((responses ?? {}) as Record<string, { type?: unknown }>)) {
          add(Array.isArray(response.type) ? response.type[0] : response.type);
        }
      }
    }
  }
  return found;
}
