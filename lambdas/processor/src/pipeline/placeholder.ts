import type { Placeholder } from "@darkroom/image-record";
import { rgbaToThumbHash } from "thumbhash";
import type { Preview } from "./preview.ts";

/** A ThumbHash of the preview (a blurred stand-in of about 25 bytes), base64 for a data URL. */
export function placeholderOf({ data, width, height }: Preview): Placeholder {
  const hash = rgbaToThumbHash(width, height, data);
  return { kind: "thumbhash", data: Buffer.from(hash).toString("base64") };
}
