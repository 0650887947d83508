import { crc32 } from "node:zlib";

/**
 * CRC-32 (zlib's) of whole buffers, remembered per Buffer object: a PUT body is checked
 * against the client's x-amz-checksum-crc32 and then framed into the log, and each pass
 * over 100 KiB costs ~20 µs. Only for buffers nobody modifies afterwards (request bodies).
 */
const known = new WeakMap<Buffer, number>();

export function crc32Of(data: Buffer): number {
  let sum = known.get(data);
  if (sum === undefined) {
    // zlib's crc32 answers 0 for an empty buffer without backing memory (e.g. randomBytes(0)).
    sum = data.length === 0 ? 0 : crc32(data) >>> 0;
    known.set(data, sum);
  }
  return sum;
}

/** The reflected CRC-32 polynomial. */
const POLY = 0xedb88320;
/** x^(2^k) mod POLY for k = 0..31, in reflected bit order. */
const X2N: number[] = [];
for (let p = 1 << 30, k = 0; k < 32; k++) {
  X2N.push(p);
  p = multiplyMod(p, p);
}

/** a·b mod POLY, both reflected (zlib's multmodp). */
function multiplyMod(a: number, b: number): number {
  if (a === 0) return 0;
  let m = 1 << 31;
  let p = 0;
  let bb = b;
  for (;;) {
    if (a & m) {
      p ^= bb;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    bb = bb & 1 ? (bb >>> 1) ^ POLY : bb >>> 1;
  }
  return p >>> 0;
}

/**
 * CRC-32 of A‖B from CRC(A), CRC(B) and B's length, as zlib's crc32_combine computes it:
 * CRC(A) times x^(8·len(B)) modulo the polynomial, XOR CRC(B).
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multiplyMod(shiftFor(lengthB), crcA) ^ crcB) >>> 0;
}

/** The last length's operator: bodies of one size tend to come in runs. */
let lastShift = { length: 0, shift: 1 << 31 };

/** x^(8·length) mod POLY. */
function shiftFor(length: number): number {
  if (lastShift.length === length) return lastShift.shift;
  let shift = 1 << 31; // x^0
  let k = 3; // one byte is 2^3 bits
  for (let n = length; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) shift = multiplyMod(X2N[k % 32]!, shift);
  }
  lastShift = { length, shift };
  return shift;
}
