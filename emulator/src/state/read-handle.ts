import type { FileHandle } from "node:fs/promises";
import { readExactly } from "./log-file.ts";

/**
 * A read-only descriptor on one version of the log file. Compaction replaces the
 * file; readers that found a blob's offset in the old file pin the old handle,
 * which stays open (and the old inode readable) until the last of them is done.
 */
export class ReadHandle {
  private readonly fh: FileHandle;
  private pins = 0;
  private retired = false;
  private closed = false;

  constructor(fh: FileHandle) {
    this.fh = fh;
  }

  pin(): this {
    this.pins++;
    return this;
  }

  unpin(): void {
    this.pins--;
    this.closeIfUnused();
  }

  /** No new reads will start here; closes once pinned reads finish. */
  retire(): void {
    this.retired = true;
    this.closeIfUnused();
  }

  read(length: number, position: number): Promise<Buffer> {
    return readExactly(this.fh, length, position);
  }

  get handle(): FileHandle {
    return this.fh;
  }

  private closeIfUnused(): void {
    if (this.retired && this.pins === 0 && !this.closed) {
      this.closed = true;
      this.fh.close().catch(() => undefined);
    }
  }
}
