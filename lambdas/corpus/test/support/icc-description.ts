/**
 * An ICC profile's description ('desc' tag): v2 'desc' (ASCII) or v4 'mluc' (UTF-16BE records).
 * Enough to tell Display P3 from sRGB; undefined when the profile has no readable one.
 */
export function iccDescription(profile: Buffer): string | undefined {
  if (profile.length < 132) return undefined;
  const tagCount = profile.readUInt32BE(128);
  for (let i = 0; i < tagCount && 132 + (i + 1) * 12 <= profile.length; i++) {
    const at = 132 + i * 12;
    if (profile.toString("latin1", at, at + 4) !== "desc") continue;
    const offset = profile.readUInt32BE(at + 4);
    const size = profile.readUInt32BE(at + 8);
    const tag = profile.subarray(offset, offset + size);
    const type = tag.toString("latin1", 0, 4);
    if (type === "desc") return tag.toString("latin1", 12, 12 + tag.readUInt32BE(8)).replace(/\0+$/, "");
    if (type === "mluc" && tag.length >= 28) {
      const length = tag.readUInt32BE(20);
      const start = tag.readUInt32BE(24);
      // Copied before swapping: swap16 works in place.
      return Buffer.from(tag.subarray(start, start + length))
        .swap16()
        .toString("utf16le");
    }
  }
  return undefined;
}
