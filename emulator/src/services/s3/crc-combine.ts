import type { ChecksumAlgorithm } from "./model.ts";

/**
 * CRC(A‖B) from CRC(A), CRC(B) and B's length, as zlib's crc32_combine does it:
 * multiply CRC(A) by x^(8·len(B)) modulo the polynomial and XOR in CRC(B). The
 * CRCs S3 offers for FULL_OBJECT multipart checksums are all reflected with
 * all-ones init and final XOR, so this works on their final values. It lets
 * CompleteMultipartUpload derive a whole-object CRC from the part CRCs without
 * reading the parts' bytes again.
 */
interface CrcSpec {
  width: number;
  /** The polynomial, bit-reflected. */
  poly: bigint;
  /** x^(2^k) mod poly for k = 0..63. */
  powers: bigint[];
}

const SPECS = new Map<ChecksumAlgorithm, CrcSpec>([
  ["CRC32", spec(32, 0xedb88320n)],
  ["CRC32C", spec(32, 0x82f63b78n)],
  ["CRC64NVME", spec(64, 0x9a6c9329ac4bc9b5n)],
]);

export function isCombinableCrc(algorithm: ChecksumAlgorithm): boolean {
  return SPECS.has(algorithm);
}

function spec(width: number, poly: bigint): CrcSpec {
  const s: CrcSpec = { width, poly, powers: [] };
  let p = 1n << BigInt(width - 2); // x^1
  for (let k = 0; k < 64; k++) {
    s.powers.push(p);
    p = multiplyMod(s, p, p);
  }
  return s;
}

/** a·b mod poly, both in reflected bit order. */
function multiplyMod(s: CrcSpec, a: bigint, b: bigint): bigint {
  if (a === 0n) return 0n;
  let m = 1n << BigInt(s.width - 1);
  let p = 0n;
  let bb = b;
  for (;;) {
    if (a & m) {
      p ^= bb;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    bb = bb & 1n ? (bb >> 1n) ^ s.poly : bb >> 1n;
  }
  return p;
}

/** x^(8·bytes) mod poly. */
function shiftFor(s: CrcSpec, bytes: number): bigint {
  let p = 1n << BigInt(s.width - 1); // x^0
  let n = bytes;
  let k = 3; // 2^3 bits per byte
  while (n > 0) {
    if (n % 2 === 1) p = multiplyMod(s, s.powers[k]!, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

function toBigInt(raw: Buffer): bigint {
  return BigInt(`0x${raw.toString("hex") || "0"}`);
}

function toBuffer(value: bigint, width: number): Buffer {
  return Buffer.from(value.toString(16).padStart(width / 4, "0"), "hex");
}

/** The CRC of the concatenation of parts, from each part's raw (big-endian) CRC and size. */
export function combineCrcs(
  algorithm: ChecksumAlgorithm,
  parts: ReadonlyArray<{ crc: Buffer; size: number }>,
): Buffer {
  const s = SPECS.get(algorithm);
  if (!s) throw new Error(`${algorithm} is not a combinable CRC`);
  let acc: bigint | null = null;
  for (const part of parts) {
    const crc = toBigInt(part.crc);
    acc = acc === null ? crc : multiplyMod(s, shiftFor(s, part.size), acc) ^ crc;
  }
  return toBuffer(acc ?? 0n, s.width);
}
