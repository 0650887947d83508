import { exifSchema } from "@darkroom/image-record";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readExif } from "../src/pipeline/exif.ts";
import { chelsea, fixture } from "./support/images.ts";

const CAMERA_EXIF = {
  IFD0: { Make: "FUJIFILM", Model: "X-T4" },
  IFD2: {
    DateTimeOriginal: "2024:07:14 16:03:22",
    OffsetTimeOriginal: "+02:00",
    ExposureTime: "1/250",
    FNumber: "28/10",
    ISOSpeedRatings: "400",
    FocalLength: "23/1",
    LensModel: "XF23mmF1.4 R",
  },
  IFD3: {
    GPSLatitudeRef: "S",
    GPSLatitude: "33/1 51/1 3600/100",
    GPSLongitudeRef: "E",
    GPSLongitude: "151/1 12/1 3600/100",
    GPSAltitudeRef: "1",
    GPSAltitude: "12/1",
  },
};

async function exifOf(exif: Record<string, Record<string, string>>): Promise<Buffer> {
  const jpeg = await sharp(chelsea()).withExif(exif).jpeg().toBuffer();
  const { exif: raw } = await sharp(jpeg).metadata();
  if (!raw) throw new Error("sharp wrote no EXIF");
  return raw;
}

/**
 * Sets GPSAltitudeRef (GPS tag 5, one BYTE) to 1, "below sea level": sharp's withExif writes 0
 * whatever it is given. libexif writes little-endian TIFF: tag, type 1, count 1, then the value.
 */
function belowSeaLevel(raw: Buffer): Buffer {
  const entry = Buffer.from([0x05, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00]);
  const at = raw.indexOf(entry);
  if (at < 0 || raw.indexOf(entry, at + 1) >= 0) throw new Error("no single GPSAltitudeRef entry");
  const patched = Buffer.from(raw);
  patched[at + entry.length] = 1;
  return patched;
}

describe("readExif", () => {
  it("reads camera, lens, local time with its offset, and exposure", async () => {
    const exif = readExif(await exifOf(CAMERA_EXIF), { keepLocation: false });
    expect(exif).toEqual({
      camera: "FUJIFILM X-T4",
      lens: "XF23mmF1.4 R",
      takenAt: "2024-07-14T16:03:22+02:00",
      exposure: { exposureTime: 0.004, fNumber: 2.8, iso: 400, focalLength: 23 },
    });
    expect(exifSchema.parse(exif)).toEqual(exif);
  });

  it("keeps the GPS position only when the uploader allowed it", async () => {
    const raw = await exifOf(CAMERA_EXIF);
    expect(readExif(raw, { keepLocation: false }).gps).toBeUndefined();
    const { gps } = readExif(raw, { keepLocation: true });
    expect(gps?.latitude).toBeCloseTo(-(33 + 51 / 60 + 36 / 3600), 6);
    expect(gps?.longitude).toBeCloseTo(151 + 12 / 60 + 36 / 3600, 6);
    expect(gps?.altitude).toBe(12);
    expect(readExif(belowSeaLevel(raw), { keepLocation: true }).gps?.altitude).toBe(-12);
  });

  it("does not repeat the make when the model starts with it; local time without an offset", async () => {
    const raw = await exifOf({
      IFD0: { Make: "Canon", Model: "Canon EOS R5" },
      IFD2: { DateTimeOriginal: "2023:01:02 03:04:05" },
    });
    expect(readExif(raw, { keepLocation: false })).toEqual({
      camera: "Canon EOS R5",
      takenAt: "2023-01-02T03:04:05",
    });
  });

  it("reads the EXIF of a HEIC (sharp reads it from the HEIF container)", async () => {
    const { exif } = await sharp(fixture("chelsea.heic")).metadata();
    expect(readExif(exif, { keepLocation: false })).toEqual({
      camera: "Apple iPhone 15 Pro",
      takenAt: "2024-07-14T16:03:22+02:00",
    });
  });

  it("leaves out what it cannot use instead of failing the image", async () => {
    const raw = await exifOf({
      IFD0: { Make: "   ", Model: " " },
      IFD2: { DateTimeOriginal: "not a date", ExposureTime: "0/0", OffsetTimeOriginal: "+2h" },
    });
    expect(readExif(raw, { keepLocation: true })).toEqual({});
    expect(readExif(undefined, { keepLocation: false })).toEqual({});
    expect(readExif(Buffer.from("Exif\0\0garbage that is not TIFF"), { keepLocation: false })).toEqual({});
  });
});
