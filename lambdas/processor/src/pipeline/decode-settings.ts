import { MAX_INPUT_PIXELS, MAX_VARIANT_SIDE } from "@darkroom/image-record";

/**
 * How originals are decoded. failOn "error": a truncated file or one the decoder reports an
 * error for is CORRUPT. Not "warning" (sharp's default): libjpeg warns about things that decode
 * fine and that real cameras and editors write ("Corrupt JPEG data: 2 extraneous bytes before
 * marker"), so "warning" refuses photos people can open anywhere. Not "truncated": it lets
 * decoder errors through and would store half-decoded images. The tests pin both sides.
 */
export const FAIL_ON = "error" as const;

/** sharp refuses to decode more pixels than this; the header is checked first (DECOMPRESSION_BOMB). */
export const PIXEL_LIMIT = MAX_INPUT_PIXELS;

/**
 * The one decode is resized into this box: every variant's box fits in it, so each variant is
 * derived from these pixels and never from the original again.
 */
export const DECODE_BOX = MAX_VARIANT_SIDE;
