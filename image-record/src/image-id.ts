import { z } from "zod";

/**
 * Image ids are ULIDs: 26 characters of Crockford base32, a 48-bit millisecond timestamp
 * then 80 random bits. They sort by creation time and are safe in S3 keys and URLs.
 * Only the canonical upper-case form is accepted, so one image has exactly one id string.
 */
export const IMAGE_ID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const MAX_TIME = 2 ** 48 - 1;

export const imageIdSchema = z
  .string()
  .regex(IMAGE_ID_PATTERN, "must be a ULID: 26 upper-case Crockford base32 characters");

export function isImageId(value: string): boolean {
  return IMAGE_ID_PATTERN.test(value);
}

/** A new ULID for an image created at `now` (milliseconds since the epoch). */
export function newImageId(now: number = Date.now()): string {
  if (!Number.isInteger(now) || now < 0 || now > MAX_TIME) {
    throw new RangeError(`cannot encode ${now} as a ULID timestamp`);
  }
  let time = "";
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  // 16 random bytes, 5 bits of each: 80 bits of randomness from the platform CSPRNG.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let random = "";
  for (const byte of bytes) random += CROCKFORD[byte & 31];
  return time + random;
}

/** The creation time encoded in an image id, in milliseconds since the epoch. */
export function imageIdTimestamp(imageId: string): number {
  if (!isImageId(imageId)) throw new Error(`invalid image id "${imageId}": expected a ULID`);
  let time = 0;
  for (const char of imageId.slice(0, 10)) time = time * 32 + CROCKFORD.indexOf(char);
  return time;
}
