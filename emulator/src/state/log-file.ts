import { constants } from "node:fs";
import { open, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import { FRAME_HEADER, LOG_MAGIC, RecordType } from "./log-format.ts";

export interface ReplayedLog {
  fileSize: number;
  /** Where the last valid record ends; bytes after it are a torn write. */
  validEnd: number;
  tables: Map<string, Map<string, unknown>>;
  blobs: Map<string, { offset: number; length: number }>;
  /** Blob ids that some row references through a `blobId` property. */
  referencedBlobs: Set<string>;
  needsCompaction: boolean;
}

const READ_WINDOW = 4 * 1024 * 1024;
const COMPACT_MIN_BYTES = 64 * 1024 * 1024;

/** Reads the whole log, verifying each record's checksum; creates an empty log if none exists. */
export async function readLog(path: string): Promise<ReplayedLog> {
  const fh = await open(path, constants.O_RDWR | constants.O_CREAT);
  try {
    let { size } = await fh.stat();
    if (size === 0) {
      await fh.write(LOG_MAGIC, 0, LOG_MAGIC.length, 0);
      await fh.datasync();
      await fsyncDir(path);
      size = LOG_MAGIC.length;
    }
    const head = Buffer.alloc(LOG_MAGIC.length);
    await fh.read(head, 0, head.length, 0);
    if (!head.equals(LOG_MAGIC)) {
      throw new Error(
        `${path} is not a Darkroom state log; move it away or point DARKROOM_STATE_DIR elsewhere`,
      );
    }
    const tables = new Map<string, Map<string, unknown>>();
    const blobs = new Map<string, { offset: number; length: number }>();
    let pos = LOG_MAGIC.length;
    let mutations = 0;
    const header = Buffer.alloc(FRAME_HEADER);
    let window = Buffer.alloc(0);
    let windowStart = pos;
    // Reads [at, at+len) through a sliding window so small records cost no syscall each.
    const bytesAt = async (at: number, len: number): Promise<Buffer | null> => {
      if (at + len > size) return null;
      if (at < windowStart || at + len > windowStart + window.length) {
        window = Buffer.allocUnsafe(Math.max(len, READ_WINDOW));
        const { bytesRead } = await fh.read(window, 0, window.length, at);
        window = window.subarray(0, bytesRead);
        windowStart = at;
        if (bytesRead < len) return null;
      }
      return window.subarray(at - windowStart, at - windowStart + len);
    };
    while (pos + FRAME_HEADER <= size) {
      const h = await bytesAt(pos, FRAME_HEADER);
      if (!h) break;
      h.copy(header);
      const length = header.readUInt32LE(0);
      const sum = header.readUInt32LE(4);
      const type = header.readUInt8(8);
      const payload = await bytesAt(pos + FRAME_HEADER, length);
      if (!payload || crc32(payload, crc32(Buffer.of(type))) >>> 0 !== sum) break;
      const payloadOffset = pos + FRAME_HEADER;
      if (type === RecordType.Mutation) {
        const rec = JSON.parse(payload.toString("utf8")) as { t: string; k: string; v: unknown };
        let rows = tables.get(rec.t);
        if (!rows) {
          rows = new Map();
          tables.set(rec.t, rows);
        }
        if (rec.v === null) rows.delete(rec.k);
        else rows.set(rec.k, rec.v);
        mutations++;
      } else if (type === RecordType.Blob) {
        const id = payload.subarray(0, 16).toString("hex");
        blobs.set(id, { offset: payloadOffset + 16, length: length - 16 });
      } else if (type === RecordType.BlobFree) {
        blobs.delete(payload.toString("hex"));
      } else {
        break;
      }
      pos = payloadOffset + length;
    }
    const referencedBlobs = new Set<string>();
    let rowCount = 0;
    for (const rows of tables.values()) {
      rowCount += rows.size;
      for (const v of rows.values()) collectBlobIds(v, referencedBlobs);
    }
    let liveBytes = 0;
    for (const id of referencedBlobs) liveBytes += blobs.get(id)?.length ?? 0;
    const garbage = pos - liveBytes;
    const needsCompaction =
      (size > COMPACT_MIN_BYTES && garbage > size / 2) || (mutations > 100_000 && mutations > rowCount * 4);
    return { fileSize: size, validEnd: pos, tables, blobs, referencedBlobs, needsCompaction };
  } finally {
    await fh.close();
  }
}

/** Collects every string held by a property named `blobId` (or an array under `blobIds`). */
export function collectBlobIds(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectBlobIds(v, into);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "blobId" && typeof v === "string") into.add(v);
      else if (k === "blobIds" && Array.isArray(v))
        for (const id of v)
          if (typeof id === "string") into.add(id);
          else collectBlobIds(v, into);
    }
  }
}

export async function fsyncDir(filePath: string): Promise<void> {
  const dir = await open(dirname(filePath), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** One emulator per state directory: a second one would interleave writes in the log. */
export async function acquireLock(dir: string): Promise<void> {
  const lock = join(dir, "LOCK");
  try {
    await writeFile(lock, String(process.pid), { flag: "wx" });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const holder = Number.parseInt(await readFile(lock, "utf8").catch(() => ""), 10);
  if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `state directory ${dir} is in use by process ${holder}; stop it or set DARKROOM_STATE_DIR to another directory`,
    );
  }
  await writeFile(lock, String(process.pid));
}

export async function releaseLock(dir: string): Promise<void> {
  await rm(join(dir, "LOCK"), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
