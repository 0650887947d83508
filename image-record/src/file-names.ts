import { z } from "zod";

/**
 * Two names per upload: the user's file name, kept for display only, and a sanitized one for the
 * S3 key. Keys use only [A-Za-z0-9._/-], which S3 event notifications leave unescaped, so a key
 * read from an event equals the key written.
 */
export const MAX_KEY_FILENAME_LENGTH = 128;
export const MAX_ORIGINAL_FILE_NAME_LENGTH = 255;

/** Starts with a letter or digit (so never "." or ".."), no slashes, no "..". */
const SAFE_FILENAME = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** An extension worth keeping: 1–10 letters or digits after the last dot. */
const EXTENSION = /\.([A-Za-z0-9]{1,10})$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export function isSafeFilename(filename: string): boolean {
  return filename.length <= MAX_KEY_FILENAME_LENGTH && SAFE_FILENAME.test(filename);
}

function lastPathSegment(name: string): string {
  return name.split(/[\\/]/).pop() ?? "";
}

function safeStem(stem: string): string {
  return stem
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-*\.-*/g, ".")
    .replace(/\.{2,}/g, ".")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/[-.]+$/, "");
}

/**
 * A user's file name made safe for `uploadKey`: the last path segment, accents dropped, anything
 * else outside [A-Za-z0-9._-] replaced by "-", "image" when nothing is left, shortened to
 * MAX_KEY_FILENAME_LENGTH keeping the extension.
 */
export function sanitizeFilename(filename: string): string {
  const base = lastPathSegment(filename);
  const match = EXTENSION.exec(base);
  // A leading dot (".bashrc") marks a hidden file, not an extension.
  const hasExtension = match !== null && match.index > 0;
  const extension = hasExtension ? `.${match[1]}` : "";
  const stem = safeStem(hasExtension ? base.slice(0, match.index) : base) || "image";
  const room = MAX_KEY_FILENAME_LENGTH - extension.length;
  const short = stem.length <= room ? stem : stem.slice(0, room).replace(/[-.]+$/, "");
  return short + extension;
}

/** The user's file name as the record keeps it: 1–255 characters, no control characters. */
export const originalFileNameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_ORIGINAL_FILE_NAME_LENGTH, `must be at most ${MAX_ORIGINAL_FILE_NAME_LENGTH} characters`)
  .refine((name) => !CONTROL_CHARACTERS.test(name), "must not contain control characters");

/**
 * A browser's file name made fit for `originalFileName`: the last path segment (old browsers send
 * C:\fakepath\…), control characters dropped, NFC, shortened without splitting a character.
 */
export function displayFileName(filename: string): string {
  const clean = lastPathSegment(filename)
    .normalize("NFC")
    .replace(new RegExp(CONTROL_CHARACTERS.source, "g"), "")
    .trim();
  let short = "";
  for (const char of clean) {
    if (short.length + char.length > MAX_ORIGINAL_FILE_NAME_LENGTH) break;
    short += char;
  }
  return short || "image";
}
