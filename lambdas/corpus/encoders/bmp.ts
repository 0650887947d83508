/** BITMAPINFOHEADER's size: the Windows 3 header every BMP reader knows. */
const INFO_HEADER_BYTES = 40;
const FILE_HEADER_BYTES = 14;

/** Rows are padded to a multiple of 4 bytes. */
function rowStride(width: number): number {
  return Math.ceil((width * 3) / 4) * 4;
}

/** The file and info headers; `pixelBytes` 0 is allowed for uncompressed data ("compute it"). */
function headers(width: number, height: number, pixelBytes: number): Buffer {
  const header = Buffer.alloc(FILE_HEADER_BYTES + INFO_HEADER_BYTES);
  header.write("BM", 0, "latin1");
  header.writeUInt32LE(header.length + pixelBytes, 2);
  header.writeUInt32LE(FILE_HEADER_BYTES + INFO_HEADER_BYTES, 10);
  header.writeUInt32LE(INFO_HEADER_BYTES, 14);
  header.writeInt32LE(width, 18);
  // Positive: rows stored bottom-up.
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  // BI_RGB (no compression), then the pixel data's size and 2835 px/m (72 dpi) both ways.
  header.writeUInt32LE(0, 30);
  header.writeUInt32LE(pixelBytes, 34);
  header.writeInt32LE(2835, 38);
  header.writeInt32LE(2835, 42);
  return header;
}

/** A 24-bit BMP of `rgb` (3 bytes a pixel, top row first). */
export function bmpFile(width: number, height: number, rgb: Buffer): Buffer {
  if (rgb.length !== width * height * 3) throw new Error("bmpFile: expected 3 bytes a pixel");
  const stride = rowStride(width);
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const row = (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 3;
      // BMP stores blue, green, red.
      pixels[row + x * 3] = rgb[from + 2]!;
      pixels[row + x * 3 + 1] = rgb[from + 1]!;
      pixels[row + x * 3 + 2] = rgb[from]!;
    }
  }
  return Buffer.concat([headers(width, height, pixels.length), pixels]);
}

/**
 * Only the headers of a BMP that claims `width` x `height` at 24 bits: a reader that trusts them
 * allocates it. Its sizes are honest about the file (54 bytes, pixel data size 0).
 */
export function bmpHeaderOnly(width: number, height: number): Buffer {
  return headers(width, height, 0);
}
