import { crc32 } from "node:zlib";

export interface PngChunk {
  type: string;
  data: Buffer;
  /** The CRC as stored, and whether it matches type and data. */
  crc: number;
  crcValid: boolean;
}

/** A PNG's chunks, read independently of the generator's writer. */
export function pngChunks(png: Buffer): PngChunk[] {
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    const crc = png.readUInt32BE(at + 8 + length);
    chunks.push({ type, data, crc, crcValid: crc32(png.subarray(at + 4, at + 8 + length)) === crc });
    at += 12 + length;
  }
  return chunks;
}

export function pngHeader(png: Buffer): {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
} {
  const ihdr = pngChunks(png).find((c) => c.type === "IHDR");
  if (!ihdr) throw new Error("no IHDR");
  return {
    width: ihdr.data.readUInt32BE(0),
    height: ihdr.data.readUInt32BE(4),
    bitDepth: ihdr.data[8]!,
    colourType: ihdr.data[9]!,
  };
}

/** All IDAT data, joined: one zlib stream. */
export function pngImageData(png: Buffer): Buffer {
  return Buffer.concat(
    pngChunks(png)
      .filter((c) => c.type === "IDAT")
      .map((c) => c.data),
  );
}
