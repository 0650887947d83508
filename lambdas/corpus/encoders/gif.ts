import { lzwZeros } from "./gif-lzw.ts";

export type Rgb = readonly [number, number, number];

/** A frame that is one colour: every pixel is index 0 of its own two-colour palette. */
export interface SolidFrame {
  width: number;
  height: number;
  colour: Rgb;
  /** Hundredths of a second before the next frame. */
  delayCs: number;
}

export interface GifOptions {
  /** The logical screen; by default the first frame's size. */
  screen?: { width: number; height: number };
  /** Written with the NETSCAPE2.0 extension when there is more than one frame; 0 loops forever. */
  loop?: number;
  /** Bytes between the trailer's ';' and the end of the file, which decoders never read. */
  trailer?: Buffer;
}

/** The smallest LZW code size GIF allows, for a two-colour palette. */
const MIN_CODE_SIZE = 2;

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(value);
  return bytes;
}

/** Data sub-blocks: a length byte (1-255) before each piece, a zero length after the last. */
function subBlocks(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += 255) {
    const piece = data.subarray(at, at + 255);
    parts.push(Buffer.from([piece.length]), piece);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

function netscapeLoop(loop: number): Buffer {
  return Buffer.concat([
    Buffer.from([0x21, 0xff, 0x0b]),
    Buffer.from("NETSCAPE2.0", "latin1"),
    Buffer.from([3, 1]),
    u16(loop),
    Buffer.from([0]),
  ]);
}

function frameBytes(frame: SolidFrame): Buffer {
  const graphicControl = Buffer.concat([
    Buffer.from([0x21, 0xf9, 4, 0]),
    u16(frame.delayCs),
    Buffer.from([0, 0]),
  ]);
  // Image descriptor at (0, 0), with a local colour table of 2 entries (flag 0x80, size bits 0).
  const descriptor = Buffer.concat([
    Buffer.from([0x2c]),
    u16(0),
    u16(0),
    u16(frame.width),
    u16(frame.height),
    Buffer.from([0x80]),
  ]);
  const palette = Buffer.from([...frame.colour, 0, 0, 0]);
  const pixels = subBlocks(lzwZeros(frame.width * frame.height, MIN_CODE_SIZE));
  return Buffer.concat([graphicControl, descriptor, palette, Buffer.from([MIN_CODE_SIZE]), pixels]);
}

/**
 * A GIF89a of solid frames, written by hand: frames of any size (up to GIF's 65535x65535) and
 * any count cost only their compressed zeros, and the header says exactly what a test asks.
 */
export function solidGif(frames: readonly SolidFrame[], options: GifOptions = {}): Buffer {
  const first = frames[0];
  if (!first) throw new Error("a GIF needs at least one frame");
  const screen = options.screen ?? first;
  // No global colour table; the background index and aspect byte are 0.
  const header = Buffer.concat([
    Buffer.from("GIF89a", "latin1"),
    u16(screen.width),
    u16(screen.height),
    Buffer.from([0, 0, 0]),
  ]);
  const parts: Buffer[] = [header];
  if (frames.length > 1) parts.push(netscapeLoop(options.loop ?? 0));
  for (const frame of frames) parts.push(frameBytes(frame));
  parts.push(Buffer.from([0x3b]));
  if (options.trailer) parts.push(options.trailer);
  return Buffer.concat(parts);
}
