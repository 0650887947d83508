import { type Exif, exifSchema } from "@darkroom/image-record";
import exifReader from "exif-reader";

/**
 * What the record keeps of the original's EXIF: camera, lens, when, exposure, and the position
 * only when the uploader allowed it. EXIF is untrusted input: every value is checked here and
 * against the record's schema, and a field that fails is left out rather than failing the image.
 */

function text(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const clean = value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: EXIF strings are NUL-padded
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean === "" ? undefined : clean.slice(0, 200);
}

function positive(value: unknown): number | undefined {
  const n = Array.isArray(value) ? value[0] : value;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}

function camera(make: string | undefined, model: string | undefined): string | undefined {
  if (make && model) return model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`;
  return model ?? make;
}

/**
 * DateTimeOriginal is local time without a zone; exif-reader parses it as if it were UTC, so the
 * UTC fields give back the camera's clock. OffsetTimeOriginal, when present, adds the zone.
 */
function takenAt(date: unknown, offset: unknown): string | undefined {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return undefined;
  const local = date.toISOString().slice(0, 19);
  return typeof offset === "string" && /^[+-]\d{2}:\d{2}$/.test(offset) ? `${local}${offset}` : local;
}

/** Degrees, minutes, seconds and a hemisphere letter to signed decimal degrees. */
function coordinate(dms: unknown, ref: unknown, negative: string): number | undefined {
  if (
    !Array.isArray(dms) ||
    dms.length !== 3 ||
    !dms.every((n) => typeof n === "number" && Number.isFinite(n))
  ) {
    return undefined;
  }
  const [degrees, minutes, seconds] = dms as [number, number, number];
  const value = degrees + minutes / 60 + seconds / 3600;
  return typeof ref === "string" && ref.trim().toUpperCase() === negative ? -value : value;
}

function gps(info: Record<string, unknown>): Exif["gps"] {
  const latitude = coordinate(info.GPSLatitude, info.GPSLatitudeRef, "S");
  const longitude = coordinate(info.GPSLongitude, info.GPSLongitudeRef, "W");
  if (latitude === undefined || longitude === undefined) return undefined;
  const altitude =
    typeof info.GPSAltitude === "number" && Number.isFinite(info.GPSAltitude) ? info.GPSAltitude : undefined;
  // GPSAltitudeRef 1: below sea level.
  const signed = altitude !== undefined && info.GPSAltitudeRef === 1 ? -altitude : altitude;
  return { latitude, longitude, ...(signed !== undefined ? { altitude: signed } : {}) };
}

function defined<T extends object>(fields: T): Partial<T> | undefined {
  const kept = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return Object.keys(kept).length > 0 ? (kept as Partial<T>) : undefined;
}

/** Keeps the fields the record's schema accepts, one by one. */
function valid(candidate: Record<string, unknown>): Exif {
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(candidate)) {
    if (value === undefined) continue;
    const schema = exifSchema.shape[field as keyof typeof exifSchema.shape];
    if (schema?.safeParse(value).success) kept[field] = value;
  }
  return exifSchema.parse(kept);
}

/** The record's EXIF from the raw EXIF block sharp read (`Exif\0\0` and a TIFF header), or {}. */
export function readExif(raw: Buffer | undefined, { keepLocation }: { keepLocation: boolean }): Exif {
  if (raw === undefined || raw.length === 0) return {};
  let tags: ReturnType<typeof exifReader>;
  try {
    tags = exifReader(raw);
  } catch {
    return {};
  }
  const image: Record<string, unknown> = tags.Image ?? {};
  const photo: Record<string, unknown> = tags.Photo ?? {};
  const location: Record<string, unknown> = tags.GPSInfo ?? {};
  return valid({
    camera: camera(text(image.Make), text(image.Model)),
    lens: text(photo.LensModel),
    takenAt: takenAt(photo.DateTimeOriginal, photo.OffsetTimeOriginal),
    exposure: defined({
      exposureTime: positive(photo.ExposureTime),
      fNumber: positive(photo.FNumber),
      iso: positive(photo.ISOSpeedRatings),
      focalLength: positive(photo.FocalLength),
    }),
    gps: keepLocation ? gps(location) : undefined,
  });
}
