import { type ListParams, parseListParams } from "@darkroom/image-record";
import { z } from "zod";
import { parseDto } from "./parse-dto.ts";

/**
 * `GET /images?limit=&cursor=&status=&label=`. The values are checked by image-record's
 * parseListParams (InvalidListRequestError → 400 naming the parameter); this refuses unknown
 * parameters, so a typo (`?staus=`) is not silently an unfiltered listing.
 */
const listQuerySchema = z.strictObject({
  limit: z.string().optional(),
  cursor: z.string().optional(),
  status: z.string().optional(),
  label: z.string().optional(),
});

export type ListImagesDto = ListParams;

export function parseListImages(query: Record<string, string>): ListImagesDto {
  const known = parseDto(listQuerySchema, query, "query");
  // An empty value (?cursor=) is the same as none: forms and URL builders leave them.
  const present = Object.fromEntries(Object.entries(known).filter(([, value]) => value !== ""));
  return parseListParams(present);
}
