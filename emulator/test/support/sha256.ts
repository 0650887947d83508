import { createHash, createHmac } from "node:crypto";
import type { Checksum, SourceData } from "@smithy/types";

/**
 * SHA-256 (HMAC-SHA-256 given a secret) for signing test requests. Written apart from the
 * emulator's src/auth/hash.ts on purpose: if both sides shared one hash, a bug in it would
 * sign and verify alike and pass unnoticed.
 */
export class TestSha256 implements Checksum {
  private readonly secret: SourceData | undefined;
  private chunks: Buffer[] = [];

  constructor(secret?: SourceData) {
    this.secret = secret;
  }

  update(data: SourceData): void {
    this.chunks.push(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    const h = this.secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(this.secret));
    for (const chunk of this.chunks) h.update(chunk);
    return new Uint8Array(h.digest());
  }

  reset(): void {
    this.chunks = [];
  }
}

function bytes(data: SourceData): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(new Uint8Array(data));
  return Buffer.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}
