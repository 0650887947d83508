import { crc32 } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG colour types (IHDR byte 9) the corpus writes. */
export const PNG_GREYSCALE = 0;
export const PNG_TRUECOLOUR = 2;

/** One chunk: length, type, data and the CRC over type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: 1 | 8 | 16;
  colourType: typeof PNG_GREYSCALE | typeof PNG_TRUECOLOUR;
}

/**
 * A PNG from its header and an IDAT payload, written by hand so the header can say what the
 * data does not (a size the data does not hold, a 0x0 image) and so a bomb's compressed zeros
 * need not exist decoded first.
 */
export function pngFile(header: PngHeader, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(header.width, 0);
  ihdr.writeUInt32BE(header.height, 4);
  ihdr[8] = header.bitDepth;
  ihdr[9] = header.colourType;
  // Bytes 10-12: deflate, adaptive filtering, no interlace.
  return Buffer.concat([
    SIGNATURE,
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", idat),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Bytes of one filtered scanline (with its filter byte) of a 1-bit greyscale image. */
export function oneBitRowBytes(width: number): number {
  return 1 + Math.ceil(width / 8);
}

/** Where a chunk of `type` starts (its length field), or -1. */
export function findPngChunk(png: Buffer, type: string): number {
  let at = SIGNATURE.length;
  while (at + 8 <= png.length) {
    const length = png.readUInt32BE(at);
    if (png.toString("latin1", at + 4, at + 8) === type) return at;
    at += 12 + length;
  }
  return -1;
}
