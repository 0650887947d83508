import { createHmac, hash } from "node:crypto";
import type { Checksum, SourceData } from "@smithy/types";

/**
 * A Checksum over Node's native SHA-256 (HMAC when given a secret), for @smithy/signature-v4.
 * Input is collected and hashed in one call at digest(): a one-shot hash costs less than a
 * Hash object, and the signer only ever feeds small strings or one whole body.
 */
export class NodeSha256 implements Checksum {
  private readonly secret: Buffer | undefined;
  private chunks: Buffer[] = [];

  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : toBuffer(secret);
  }

  update(data: SourceData): void {
    this.chunks.push(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    if (this.secret === undefined) return hash("sha256", data, "buffer");
    return createHmac("sha256", this.secret).update(data).digest();
  }

  reset(): void {
    this.chunks = [];
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
