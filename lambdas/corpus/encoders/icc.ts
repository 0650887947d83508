/** A profile's header is 128 bytes; the tag table follows: a count, then 12 bytes a tag. */
const HEADER_BYTES = 128;

/**
 * An ICC profile built to hurt its parser: the header claims almost 2 GiB and 268 million tags,
 * and the four tags present point far past the end of the 180 bytes there are. Valid signature
 * ("acsp"), class and colour spaces, so it is taken for an RGB display profile until read.
 */
export function maliciousIccProfile(): Buffer {
  const tags = ["rXYZ", "gXYZ", "bXYZ", "rTRC"];
  const profile = Buffer.alloc(HEADER_BYTES + 4 + tags.length * 12);
  profile.writeUInt32BE(0x7ffffff0, 0);
  profile.write("lcms", 4, "latin1");
  profile.writeUInt32BE(0x04300000, 8);
  profile.write("mntrRGB XYZ ", 12, "latin1");
  profile.write("acsp", 36, "latin1");
  profile.writeUInt32BE(0x0fffffff, HEADER_BYTES);
  tags.forEach((tag, i) => {
    const at = HEADER_BYTES + 4 + i * 12;
    profile.write(tag, at, "latin1");
    profile.writeUInt32BE(0xfffffff0, at + 4);
    profile.writeUInt32BE(0xffffffff, at + 8);
  });
  return profile;
}

/** The APP2 payload that carries a profile in a JPEG: marker name, chunk 1 of 1, the profile. */
export function iccApp2Payload(profile: Buffer): Buffer {
  return Buffer.concat([Buffer.from("ICC_PROFILE\0", "latin1"), Buffer.from([1, 1]), profile]);
}
