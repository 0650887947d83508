/** TIFF field types (EXIF is a TIFF structure): their codes and bytes per value. */
export const EXIF_TYPES = { ASCII: 2, SHORT: 3, LONG: 4 } as const;
const BYTES_PER_VALUE: Record<number, number> = { 2: 1, 3: 2, 4: 4 };

/** EXIF tags the corpus writes. */
export const EXIF_TAGS = {
  ImageDescription: 0x010e,
  Orientation: 0x0112,
  Artist: 0x013b,
  Copyright: 0x8298,
  ExifIfd: 0x8769,
  GpsIfd: 0x8825,
} as const;

export interface ExifEntry {
  tag: number;
  type: (typeof EXIF_TYPES)[keyof typeof EXIF_TYPES];
  count: number;
  /** Values that fit in 4 bytes sit in the entry; longer ones go to the data area. */
  values: Buffer;
  /** A forged offset for the values, instead of where they are written (or for no values at all). */
  forgedOffset?: number;
}

/** Where IFD0 starts, from the TIFF header: right after it. */
export const IFD0_OFFSET = 8;

export const ascii = (text: string): Buffer => Buffer.from(`${text}\0`, "latin1");
export function short(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}
export function long(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes;
}

/**
 * The payload of an EXIF APP1 segment ("Exif\0\0", then a big-endian TIFF structure) with one
 * IFD, whose entries are written as given — forged offsets, counts and next-IFD links included,
 * which is the point: parsers must survive what a camera would never write.
 */
export function exifPayload(entries: readonly ExifEntry[], nextIfdOffset = 0): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const ifdBytes = 2 + sorted.length * 12 + 4;
  const data: Buffer[] = [];
  let dataOffset = IFD0_OFFSET + ifdBytes;
  const ifd = Buffer.alloc(ifdBytes);
  ifd.writeUInt16BE(sorted.length, 0);
  sorted.forEach((entry, i) => {
    const at = 2 + i * 12;
    ifd.writeUInt16BE(entry.tag, at);
    ifd.writeUInt16BE(entry.type, at + 2);
    ifd.writeUInt32BE(entry.count >>> 0, at + 4);
    const declared = entry.count * (BYTES_PER_VALUE[entry.type] ?? 1);
    if (entry.forgedOffset !== undefined) {
      ifd.writeUInt32BE(entry.forgedOffset >>> 0, at + 8);
    } else if (declared <= 4) {
      entry.values.copy(ifd, at + 8);
    } else {
      ifd.writeUInt32BE(dataOffset, at + 8);
      data.push(entry.values);
      dataOffset += entry.values.length;
    }
  });
  ifd.writeUInt32BE(nextIfdOffset >>> 0, ifdBytes - 4);
  const tiffHeader = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, IFD0_OFFSET]);
  return Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiffHeader, ifd, ...data]);
}
