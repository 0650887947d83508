/** TIFF field types used here. */
const SHORT = 3;
const LONG = 4;

interface IfdEntry {
  tag: number;
  type: typeof SHORT | typeof LONG;
  value: number;
}

/**
 * A little-endian TIFF whose only IFD describes a `width` x `height` 8-bit greyscale image in
 * one uncompressed strip, followed by `stripBytes` zero bytes — far fewer than the header claims.
 */
export function tiffHeaderOnly(width: number, height: number, stripBytes: number): Buffer {
  const entries: IfdEntry[] = [
    { tag: 256, type: LONG, value: width }, // ImageWidth
    { tag: 257, type: LONG, value: height }, // ImageLength
    { tag: 258, type: SHORT, value: 8 }, // BitsPerSample
    { tag: 259, type: SHORT, value: 1 }, // Compression: none
    { tag: 262, type: SHORT, value: 1 }, // PhotometricInterpretation: black is zero
    { tag: 273, type: LONG, value: 0 }, // StripOffsets, set below
    { tag: 277, type: SHORT, value: 1 }, // SamplesPerPixel
    { tag: 278, type: LONG, value: height }, // RowsPerStrip
    { tag: 279, type: LONG, value: Math.min(width * height, 0xffffffff) }, // StripByteCounts, as claimed
  ];
  const ifdOffset = 8;
  const ifdBytes = 2 + entries.length * 12 + 4;
  const stripOffset = ifdOffset + ifdBytes;
  const file = Buffer.alloc(stripOffset + stripBytes);
  file.write("II", 0, "latin1");
  file.writeUInt16LE(42, 2);
  file.writeUInt32LE(ifdOffset, 4);
  file.writeUInt16LE(entries.length, ifdOffset);
  entries.forEach((entry, i) => {
    const at = ifdOffset + 2 + i * 12;
    const value = entry.tag === 273 ? stripOffset : entry.value;
    file.writeUInt16LE(entry.tag, at);
    file.writeUInt16LE(entry.type, at + 2);
    file.writeUInt32LE(1, at + 4);
    if (entry.type === SHORT) file.writeUInt16LE(value, at + 8);
    else file.writeUInt32LE(value >>> 0, at + 8);
  });
  // The next IFD offset stays 0: one page.
  return file;
}
