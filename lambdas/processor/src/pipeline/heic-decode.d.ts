/** heic-decode ships no types: the parts the processor uses (libheif compiled to WebAssembly). */
declare module "heic-decode" {
  export interface HeicPixels {
    width: number;
    height: number;
    /** RGBA, 8 bits per channel. */
    data: Uint8ClampedArray;
  }
  export interface HeicImage {
    width: number;
    height: number;
    decode(): Promise<HeicPixels>;
  }
  interface HeicDecode {
    (options: { buffer: Uint8Array }): Promise<HeicPixels>;
    all(options: { buffer: Uint8Array }): Promise<HeicImage[] & { dispose(): void }>;
  }
  const decode: HeicDecode;
  export default decode;
}
