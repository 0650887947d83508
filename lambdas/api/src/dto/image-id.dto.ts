import { imageIdSchema } from "@darkroom/image-record";
import { parseDto } from "./parse-dto.ts";

/** `{id}` in `/images/{id}`: a ULID, or 400 before any table read. */
export function parseImageId(id: string | undefined): string {
  return parseDto(imageIdSchema, id, "id");
}
