/** Marker bytes (after 0xFF) the corpus reads or writes. */
export const JPEG_MARKERS = { SOI: 0xd8, APP0: 0xe0, APP1: 0xe1, APP2: 0xe2, COM: 0xfe } as const;

/** A segment's payload is at most 65533 bytes: its 16-bit length counts itself. */
export const MAX_SEGMENT_PAYLOAD = 0xffff - 2;

export function jpegSegment(marker: number, payload: Buffer): Buffer {
  if (payload.length > MAX_SEGMENT_PAYLOAD)
    throw new Error(`segment payload of ${payload.length} bytes is too long`);
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

export interface JpegSegmentInfo {
  marker: number;
  /** Where the 0xFF of the marker is. */
  offset: number;
  /** The payload, without marker and length. */
  payload: Buffer;
}

/** The segments before the scan data (SOI and EOI have no length; the scan ends the walk). */
export function jpegSegments(jpeg: Buffer): JpegSegmentInfo[] {
  const segments: JpegSegmentInfo[] = [];
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1]!;
    const length = jpeg.readUInt16BE(at + 2);
    segments.push({ marker, offset: at, payload: jpeg.subarray(at + 4, at + 2 + length) });
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return segments;
}

/** `segments` inserted after SOI and the JFIF APP0 (which must come first), before the rest. */
export function insertSegments(jpeg: Buffer, segments: readonly Buffer[]): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== JPEG_MARKERS.SOI) throw new Error("not a JPEG");
  const first = jpegSegments(jpeg)[0];
  const at = first?.marker === JPEG_MARKERS.APP0 ? first.offset + 4 + first.payload.length : 2;
  return Buffer.concat([jpeg.subarray(0, at), ...segments, jpeg.subarray(at)]);
}

/**
 * The JPEG grown to exactly `totalBytes` with comment segments (valid JPEG all along): a file
 * of a chosen size that is still an ordinary photo.
 */
export function padWithComments(jpeg: Buffer, totalBytes: number): Buffer {
  const filler = Buffer.from("darkroom corpus padding. ".repeat(2700), "latin1");
  const segments: Buffer[] = [];
  let missing = totalBytes - jpeg.length;
  if (missing < 0) throw new Error(`the JPEG is already ${jpeg.length} bytes, over ${totalBytes}`);
  if (missing > 0 && missing < 4) throw new Error("cannot pad by fewer than 4 bytes");
  while (missing > 0) {
    let take = Math.min(missing, MAX_SEGMENT_PAYLOAD + 4);
    // Never leave 1-3 bytes: the smallest segment is 4.
    if (missing - take > 0 && missing - take < 4) take = missing - 4;
    segments.push(jpegSegment(JPEG_MARKERS.COM, filler.subarray(0, take - 4)));
    missing -= take;
  }
  return insertSegments(jpeg, segments);
}

/** The JPEG with its frame header (SOF0-SOF2) claiming `width` x `height`. */
export function withFrameSize(jpeg: Buffer, width: number, height: number): Buffer {
  const sof = jpegSegments(jpeg).find((s) => s.marker >= 0xc0 && s.marker <= 0xc2);
  if (!sof) throw new Error("no frame header");
  const patched = Buffer.from(jpeg);
  // Payload: precision (1 byte), height (2), width (2).
  patched.writeUInt16BE(height, sof.offset + 5);
  patched.writeUInt16BE(width, sof.offset + 7);
  return patched;
}
