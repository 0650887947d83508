/**
 * A GIF read block by block and its LZW decoded, independently of the generator's writer; the
 * decoder counts pixels instead of storing them, so a 4-gigapixel frame can be checked.
 */
export interface GifFrame {
  width: number;
  height: number;
  minCodeSize: number;
  lzw: Buffer;
}

export interface GifFile {
  screen: { width: number; height: number };
  frames: GifFrame[];
  /** Where the trailer (0x3B) is. */
  trailerAt: number;
}

function subBlocks(bytes: Buffer, start: number): { data: Buffer; end: number } {
  const parts: Buffer[] = [];
  let at = start;
  while (bytes[at] !== 0) {
    const size = bytes[at]!;
    parts.push(bytes.subarray(at + 1, at + 1 + size));
    at += 1 + size;
  }
  return { data: Buffer.concat(parts), end: at + 1 };
}

const tableBytes = (packed: number): number => (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);

export function readGif(bytes: Buffer): GifFile {
  const screen = { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  let at = 13 + tableBytes(bytes[10]!);
  const frames: GifFrame[] = [];
  for (;;) {
    const introducer = bytes[at];
    if (introducer === 0x3b) return { screen, frames, trailerAt: at };
    if (introducer === 0x21) {
      at = subBlocks(bytes, at + 2).end;
    } else if (introducer === 0x2c) {
      const width = bytes.readUInt16LE(at + 5);
      const height = bytes.readUInt16LE(at + 7);
      at += 10 + tableBytes(bytes[at + 9]!);
      const minCodeSize = bytes[at]!;
      const { data, end } = subBlocks(bytes, at + 1);
      frames.push({ width, height, minCodeSize, lzw: data });
      at = end;
    } else {
      throw new Error(`unexpected block 0x${introducer?.toString(16)} at ${at}`);
    }
  }
}

/** Decodes a frame's LZW, returning how many pixels it holds and whether all are index 0. */
export function countLzwPixels(frame: GifFrame): { pixels: number; allZero: boolean } {
  const clear = 1 << frame.minCodeSize;
  const end = clear + 1;
  const length = new Uint32Array(4096);
  const zero = new Uint8Array(4096);
  const first = new Uint16Array(4096);
  let size = frame.minCodeSize + 1;
  let next = end + 1;
  let previous = -1;
  let pixels = 0;
  let allZero = true;
  let bitPos = 0;
  const totalBits = frame.lzw.length * 8;
  const reset = () => {
    for (let c = 0; c < clear; c++) {
      length[c] = 1;
      zero[c] = c === 0 ? 1 : 0;
      first[c] = c;
    }
    size = frame.minCodeSize + 1;
    next = end + 1;
    previous = -1;
  };
  reset();
  while (bitPos + size <= totalBits) {
    let code = 0;
    for (let i = 0; i < size; i++, bitPos++) {
      code |= ((frame.lzw[bitPos >> 3]! >> (bitPos & 7)) & 1) << i;
    }
    if (code === clear) {
      reset();
      continue;
    }
    if (code === end) return { pixels, allZero };
    if (previous === -1) {
      if (code >= clear) throw new Error(`code ${code} before any definition`);
    } else {
      if (code > next) throw new Error(`code ${code} beyond the table (${next})`);
      if (next < 4096) {
        const firstOfCurrent = code === next ? first[previous]! : first[code]!;
        length[next] = length[previous]! + 1;
        first[next] = first[previous]!;
        zero[next] = zero[previous]! && firstOfCurrent === 0 ? 1 : 0;
        next += 1;
        if (next === 1 << size && size < 12) size += 1;
      }
    }
    pixels += length[code]!;
    if (!zero[code]) allZero = false;
    previous = code;
  }
  throw new Error("the LZW data ended without an end code");
}
