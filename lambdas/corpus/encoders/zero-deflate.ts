import { constants, deflateRawSync } from "node:zlib";

/** Zeros are compressed a mebibyte at a time; each piece's deflate output is the same bytes. */
const PIECE = 1024 * 1024;
const ADLER_MODULUS = 65521;

/**
 * A zlib stream (RFC 1950) that inflates to `count` zero bytes, built without allocating them:
 * a bomb's whole point is that its decoded size does not fit in memory. Each piece is deflated
 * on its own and ended with a full flush (byte-aligned, no back-references into the previous
 * piece), so equal pieces give equal bytes and can simply be repeated; an empty final block ends
 * the stream. The Adler-32 of n zeros is 1 in its low half and n mod 65521 in its high half.
 */
export function zlibOfZeros(count: number): Buffer {
  const flushed = (size: number): Buffer =>
    deflateRawSync(Buffer.alloc(size), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const whole = Math.floor(count / PIECE);
  const rest = count % PIECE;
  const piece = whole > 0 ? flushed(PIECE) : Buffer.alloc(0);
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < whole; i++) parts.push(piece);
  if (rest > 0) parts.push(flushed(rest));
  parts.push(deflateRawSync(Buffer.alloc(0)));
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((count % ADLER_MODULUS) << 16) | 1) >>> 0);
  parts.push(adler);
  return Buffer.concat(parts);
}
