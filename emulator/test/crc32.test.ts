import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32Combine, crc32Of } from "../src/state/crc32.ts";
import { FRAME_HEADER, frame, RecordType } from "../src/state/log-format.ts";

describe("crc32Combine", () => {
  it("gives the CRC of the concatenation, for lengths from 0 to past 100 KiB", () => {
    for (const [a, b] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [17, 4096],
      [3, 102_400],
      [65_536, 37_811],
      [1, 1_048_577],
    ] as const) {
      const x = randomBytes(a);
      const y = randomBytes(b);
      const whole = crc32(Buffer.concat([x, y])) >>> 0;
      expect(crc32Combine(crc32(x) >>> 0, crc32(y) >>> 0, b)).toBe(whole);
    }
  });
});

describe("crc32Of", () => {
  it("answers zlib's CRC and remembers it per buffer", () => {
    const data = randomBytes(100 * 1024);
    expect(crc32Of(data)).toBe(crc32(data) >>> 0);
    expect(crc32Of(data)).toBe(crc32(data) >>> 0);
    expect(crc32Of(Buffer.alloc(0))).toBe(0);
  });
});

describe("frame", () => {
  it("checksums type and payload as one CRC, whether a part's CRC was known or not", () => {
    const id = randomBytes(16);
    const data = randomBytes(100 * 1024);
    const expected = crc32(Buffer.concat([Buffer.of(RecordType.Blob), id, data])) >>> 0;
    const fresh = frame(RecordType.Blob, [id, Buffer.from(data)]);
    crc32Of(data);
    const known = frame(RecordType.Blob, [id, data]);
    for (const [header] of [fresh, known]) {
      expect(header!.length).toBe(FRAME_HEADER);
      expect(header!.readUInt32LE(4)).toBe(expected);
    }
  });
});
