/**
 * A BMP's dimensions from its headers, read before decoding: bmp-ts allocates width × height × 4
 * bytes up front, so a forged header must be caught first.
 */
export interface BmpHeader {
  width: number;
  /** Positive; BMPs store top-down images with a negative height. */
  height: number;
  bitsPerPixel: number;
  /** The info header's size: 12 is the OS/2 core header, 40 and up are Windows'. */
  infoHeaderSize: number;
}

export function readBmpHeader(bytes: Uint8Array): BmpHeader | null {
  if (bytes.length < 30) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const infoHeaderSize = view.getUint32(14, true);
  if (infoHeaderSize === 12) {
    return {
      width: view.getUint16(18, true),
      height: view.getUint16(20, true),
      bitsPerPixel: view.getUint16(24, true),
      infoHeaderSize,
    };
  }
  return {
    width: view.getInt32(18, true),
    height: Math.abs(view.getInt32(22, true)),
    bitsPerPixel: view.getUint16(28, true),
    infoHeaderSize,
  };
}
