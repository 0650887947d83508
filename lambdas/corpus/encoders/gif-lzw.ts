/**
 * GIF's LZW for an image whose every pixel is colour index 0, written straight from the pixel
 * count: a run of n zeros costs about n / 4091 twelve-bit codes, so a 4-gigapixel frame fits in
 * under 2 MB and is never held decoded.
 *
 * After a clear code, each new code the encoder sends is the one the decoder is about to define
 * (the "KwKwK" case), so code k stands for a run of k - (end code) + 1 zeros; once the table is
 * full (4096 codes, no clear sent: the "deferred clear" every decoder supports) the longest run
 * is repeated, and a shorter known code ends the frame.
 */
const MAX_CODE = 4095;
const MAX_CODE_SIZE = 12;

class BitWriter {
  readonly #bytes: number[] = [];
  #buffer = 0;
  #bits = 0;

  write(code: number, size: number): void {
    this.#buffer |= code << this.#bits;
    this.#bits += size;
    while (this.#bits >= 8) {
      this.#bytes.push(this.#buffer & 0xff);
      this.#buffer >>>= 8;
      this.#bits -= 8;
    }
  }

  finish(): Buffer {
    if (this.#bits > 0) this.#bytes.push(this.#buffer & 0xff);
    return Buffer.from(this.#bytes);
  }
}

/** The LZW code stream (not yet split into sub-blocks) of `pixels` zeros. */
export function lzwZeros(pixels: number, minCodeSize: number): Buffer {
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  /** The run of zeros a code stands for: 1 for the literal 0, then 2, 3, … from end + 1 on. */
  const runOf = (code: number): number => (code === 0 ? 1 : code - end + 1);
  const out = new BitWriter();
  let size = minCodeSize + 1;
  let nextCode = end + 1;
  out.write(clear, size);
  let left = pixels;
  let first = true;
  while (left > 0) {
    let code: number;
    if (first) code = 0;
    else if (nextCode <= MAX_CODE) code = nextCode;
    else code = MAX_CODE;
    // Near the end, a shorter code that the decoder already knows.
    if (runOf(code) > left) code = left === 1 ? 0 : left + end - 1;
    out.write(code, size);
    left -= runOf(code);
    if (!first && nextCode <= MAX_CODE) {
      nextCode += 1;
      if (nextCode === 1 << size && size < MAX_CODE_SIZE) size += 1;
    }
    first = false;
  }
  out.write(end, size);
  return out.finish();
}
