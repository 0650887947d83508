import {
  ascii,
  EXIF_TAGS,
  EXIF_TYPES,
  type ExifEntry,
  exifPayload,
  IFD0_OFFSET,
  long,
  short,
} from "../encoders/exif.ts";
import { insertSegments, JPEG_MARKERS, jpegSegment, MAX_SEGMENT_PAYLOAD } from "../encoders/jpeg-segments.ts";
import type { Builder } from "./builder.ts";
import { photoJpeg } from "./photo.ts";

const text = (tag: number, value: string): ExifEntry => {
  const values = ascii(value);
  return { tag, type: EXIF_TYPES.ASCII, count: values.length, values };
};
const orientationNormal: ExifEntry = {
  tag: EXIF_TAGS.Orientation,
  type: EXIF_TYPES.SHORT,
  count: 1,
  values: short(1),
};

/** Private tags (0xC000 on) nobody defines: 300 of them, each with a 4-byte value. */
function privateTags(count: number): ExifEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    tag: 0xc000 + i,
    type: EXIF_TYPES.LONG,
    count: 1,
    values: long(0xdeadbeef ^ i),
  }));
}

/** An EXIF block of almost the 64 KiB a JPEG segment holds: 60,000 characters of text and 300 junk tags. */
export function hugeExif(): Buffer {
  const payload = exifPayload([
    orientationNormal,
    text(EXIF_TAGS.ImageDescription, "A".repeat(30_000)),
    text(EXIF_TAGS.Artist, "B".repeat(15_000)),
    text(EXIF_TAGS.Copyright, "C".repeat(15_000)),
    ...privateTags(300),
  ]);
  if (payload.length > MAX_SEGMENT_PAYLOAD) throw new Error("the EXIF block outgrew its segment");
  return payload;
}

/**
 * An EXIF block whose IFDs point back at themselves: the next-IFD link, the Exif IFD and the GPS
 * IFD are all IFD0, and ImageDescription claims 4 GiB at an offset 2 GiB past the end. A parser
 * that follows links without a visited set never stops.
 */
export function loopingExif(): Buffer {
  return exifPayload(
    [
      orientationNormal,
      {
        tag: EXIF_TAGS.ImageDescription,
        type: EXIF_TYPES.ASCII,
        count: 0xfffffff0,
        values: Buffer.alloc(0),
        forgedOffset: 0x7ffffff0,
      },
      { tag: EXIF_TAGS.ExifIfd, type: EXIF_TYPES.LONG, count: 1, values: long(IFD0_OFFSET) },
      { tag: EXIF_TAGS.GpsIfd, type: EXIF_TYPES.LONG, count: 1, values: long(IFD0_OFFSET) },
    ],
    IFD0_OFFSET,
  );
}

const withExif = async (payload: Buffer): Promise<Buffer> =>
  insertSegments(await photoJpeg("chelsea"), [jpegSegment(JPEG_MARKERS.APP1, payload)]);

/** Photos whose metadata is built to hurt its parsers; the pixels are fine. */
export const metadataFiles = {
  "exif-huge.jpg": async () => withExif(hugeExif()),
  "exif-ifd-loop.jpg": async () => withExif(loopingExif()),
} satisfies Record<string, Builder>;
