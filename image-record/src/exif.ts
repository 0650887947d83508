import { z } from "zod";

/**
 * What the record keeps of an original's EXIF metadata (the variants keep none). GPS is kept
 * only when the uploader allowed it (`keepLocation`); the record schema checks that.
 */
const text = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const positive = z.number().finite().positive();

/** EXIF orientation: 1 is upright; 5–8 swap width and height when applied. */
export const orientationSchema = z.number().int().min(1).max(8);
export type Orientation = z.infer<typeof orientationSchema>;

export const exposureSchema = z.object({
  /** Seconds, e.g. 0.004 for 1/250 s. */
  exposureTime: positive.optional(),
  fNumber: positive.optional(),
  iso: z.number().int().positive().optional(),
  /** Millimetres, as recorded (not the 35 mm equivalent). */
  focalLength: positive.optional(),
});

export const gpsSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  /** Metres above sea level; negative below it. */
  altitude: z.number().finite().optional(),
});

export const exifSchema = z.object({
  /** Make and model, e.g. "FUJIFILM X-T4". */
  camera: text.optional(),
  lens: text.optional(),
  /**
   * DateTimeOriginal in ISO 8601. Cameras rarely record a time zone, so it is local time unless
   * an offset is given (from OffsetTimeOriginal).
   */
  takenAt: z.iso
    .datetime({
      local: true,
      offset: true,
      error: "must be an ISO 8601 date-time like 2024-07-14T16:03:22, with an optional offset",
    })
    .optional(),
  exposure: exposureSchema.optional(),
  gps: gpsSchema.optional(),
});

export type Exif = z.infer<typeof exifSchema>;

/** Width and height as displayed once the orientation is applied. */
export function orientedSize(
  width: number,
  height: number,
  orientation: Orientation | undefined,
): { width: number; height: number } {
  return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height };
}
