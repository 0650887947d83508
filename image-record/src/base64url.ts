/**
 * base64url without padding, over bytes. Built on btoa/atob so it runs in browsers and Node alike
 * (Buffer is Node-only).
 */
const ALPHABET = /^[A-Za-z0-9_-]*$/;

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bytes a base64url string stands for, or null if it is not canonical base64url. */
export function base64urlToBytes(text: string): Uint8Array | null {
  // A length of 1 mod 4 cannot come from any byte string.
  if (!ALPHABET.test(text) || text.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  // Refuse non-canonical spellings (stray low bits in the last character): one cursor, one string.
  return bytesToBase64url(bytes) === text ? bytes : null;
}
