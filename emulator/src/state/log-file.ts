import { constants, writeSync, writevSync } from "node:fs";
import { type FileHandle, mkdir, open } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { crc32 } from "node:zlib";
import {
  BLOB_ID_BYTES,
  type BlobLocation,
  FRAME_HEADER,
  LOG_MAGIC,
  RecordType,
  totalLength,
} from "./log-format.ts";

export interface ReplayedRow {
  value: unknown;
  /** Size of the record that set it, for garbage accounting. */
  bytes: number;
}

export interface ReplayedLog {
  fileSize: number;
  /** Where the last valid record ends; bytes after it are a torn write. */
  validEnd: number;
  /** Valid records in the log (live or not). */
  records: number;
  tables: Map<string, Map<string, ReplayedRow>>;
  /** Blobs written and not freed. */
  blobs: Map<string, BlobLocation>;
}

const READ_WINDOW = 4 * 1024 * 1024;

/** Reads the whole log, verifying each record's checksum; creates an empty log if none exists. */
export async function readLog(path: string): Promise<ReplayedLog> {
  const fh = await open(path, constants.O_RDWR | constants.O_CREAT);
  try {
    const size = await initialize(fh, path);
    const scan = new Scanner(fh, size);
    const tables = new Map<string, Map<string, ReplayedRow>>();
    const blobs = new Map<string, BlobLocation>();
    let records = 0;
    let pos = LOG_MAGIC.length;
    while (true) {
      const header = await scan.bytes(pos, FRAME_HEADER);
      if (!header) break;
      const length = header.readUInt32LE(0);
      const sum = header.readUInt32LE(4);
      const type = header.readUInt8(8);
      const start = pos + FRAME_HEADER;
      if ((await scan.crc(start, length, crc32(Buffer.of(type)))) !== sum) break;
      const end = start + length;
      if (type === RecordType.Mutation) {
        applyMutation(tables, (await scan.bytes(start, length))!, FRAME_HEADER + length, pos);
      } else if (type === RecordType.Blob && length >= BLOB_ID_BYTES) {
        const id = (await scan.bytes(start, BLOB_ID_BYTES))!.toString("hex");
        blobs.set(id, { offset: start + BLOB_ID_BYTES, length: length - BLOB_ID_BYTES });
      } else if (type === RecordType.BlobFree && length === BLOB_ID_BYTES) {
        blobs.delete((await scan.bytes(start, BLOB_ID_BYTES))!.toString("hex"));
      } else {
        // A checksummed record we do not understand is not a torn write: refuse rather than drop data.
        throw new Error(
          `${path} holds an unknown record (type ${type}, ${length} bytes) at offset ${pos}; ` +
            "was it written by a newer Darkroom?",
        );
      }
      records++;
      pos = end;
    }
    return { fileSize: size, validEnd: pos, records, tables, blobs };
  } finally {
    await fh.close();
  }
}

/** Writes the magic into a new (or never-finished) log and returns the file size. */
async function initialize(fh: FileHandle, path: string): Promise<number> {
  const { size } = await fh.stat();
  const head = Buffer.alloc(Math.min(size, LOG_MAGIC.length));
  if (head.length > 0) await fh.read(head, 0, head.length, 0);
  if (size >= LOG_MAGIC.length) {
    if (head.equals(LOG_MAGIC)) return size;
  } else if (head.equals(LOG_MAGIC.subarray(0, size))) {
    // Empty, or a crash while the magic was being written: start the log afresh.
    await fh.truncate(0);
    await fh.write(LOG_MAGIC, 0, LOG_MAGIC.length, 0);
    await fh.datasync();
    await fsyncDir(path);
    return LOG_MAGIC.length;
  }
  throw new Error(`${path} is not a Darkroom state log; move it away or point DARKROOM_STATE_DIR elsewhere`);
}

function applyMutation(
  tables: Map<string, Map<string, ReplayedRow>>,
  payload: Buffer,
  bytes: number,
  at: number,
): void {
  let rec: { t: string; k: string; v: unknown };
  try {
    rec = JSON.parse(payload.toString("utf8")) as typeof rec;
  } catch {
    throw new Error(`the state log holds a checksummed but unreadable record at offset ${at}`);
  }
  let rows = tables.get(rec.t);
  if (!rows) {
    rows = new Map();
    tables.set(rec.t, rows);
  }
  if (rec.v === null) rows.delete(rec.k);
  else rows.set(rec.k, { value: rec.v, bytes });
}

/** Reads through a sliding window, so small records cost no syscall each and big ones are never held whole. */
class Scanner {
  private readonly fh: FileHandle;
  private readonly size: number;
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(fh: FileHandle, size: number) {
    this.fh = fh;
    this.size = size;
  }

  /** Bytes [at, at+len), valid until the next call; null past the end of the file. */
  async bytes(at: number, len: number): Promise<Buffer | null> {
    if (at + len > this.size) return null;
    if (at < this.windowStart || at + len > this.windowStart + this.window.length) {
      const want = Math.min(Math.max(len, READ_WINDOW), this.size - at);
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await this.fh.read(buf, got, want - got, at + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      this.window = buf.subarray(0, got);
      this.windowStart = at;
      if (got < len) return null;
    }
    return this.window.subarray(at - this.windowStart, at - this.windowStart + len);
  }

  /** crc32 of [at, at+len) continuing from `seed`, reading at most one window at a time; null if short. */
  async crc(at: number, len: number, seed: number): Promise<number | null> {
    if (at + len > this.size) return null;
    let sum = seed;
    for (let done = 0; done < len; ) {
      const n = Math.min(READ_WINDOW, len - done);
      const chunk = await this.bytes(at + done, n);
      if (!chunk) return null;
      sum = crc32(chunk, sum);
      done += n;
    }
    return sum >>> 0;
  }
}

/** Writes all of `buffers` at `position`, retrying short writes. IOV_MAX is 1024 on Linux. */
export async function writeAll(fh: FileHandle, buffers: readonly Buffer[], position: number): Promise<void> {
  let pos = position;
  let queue = buffers;
  while (queue.length > 0) {
    const slice = queue.slice(0, 1024);
    const want = totalLength(slice);
    const { bytesWritten } = await fh.writev(slice, pos);
    if (bytesWritten === 0 && want > 0) throw new Error("write made no progress");
    pos += bytesWritten;
    if (bytesWritten === want) {
      queue = queue.slice(1024);
      continue;
    }
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const b of queue) {
      if (skip >= b.length) {
        skip -= b.length;
        continue;
      }
      rest.push(skip > 0 ? b.subarray(skip) : b);
      skip = 0;
    }
    queue = rest;
  }
}

/** writeAll, blocking: for small batches, where two thread-pool round trips cost more than the write. */
export function writeAllSync(fd: number, buffers: readonly Buffer[], position: number): void {
  let pos = position;
  for (let i = 0; i < buffers.length; i += 1024) {
    const slice = buffers.slice(i, i + 1024);
    const want = totalLength(slice);
    let written = writevSync(fd, slice, pos);
    pos += written;
    // Short writes are rare for regular files; finish this slice buffer by buffer.
    if (written < want) {
      for (const b of slice) {
        if (written >= b.length) {
          written -= b.length;
          continue;
        }
        let off = written;
        written = 0;
        while (off < b.length) {
          const n = writeSync(fd, b, off, b.length - off, pos);
          if (n === 0) throw new Error("write made no progress");
          off += n;
          pos += n;
        }
      }
    }
  }
}

/** Reads exactly `length` bytes at `position`. */
export async function readExactly(fh: FileHandle, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`the state log ends before offset ${position + length}`);
    done += bytesRead;
  }
  return buf;
}

/** Copies bytes [start, end) of one file to `dest` in another, a window at a time. */
export async function copyRange(
  from: FileHandle,
  to: FileHandle,
  start: number,
  end: number,
  dest: number,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  for (let pos = start; pos < end; ) {
    if (shouldStop()) throw new CompactionAborted();
    const n = Math.min(READ_WINDOW, end - pos);
    const chunk = await readExactly(from, n, pos);
    await writeAll(to, [chunk], dest + (pos - start));
    pos += n;
  }
}

export class CompactionAborted extends Error {
  constructor() {
    super("compaction stopped because the store is closing");
  }
}

/** Makes a file's directory entry durable (after creating or renaming it). */
export async function fsyncDir(filePath: string): Promise<void> {
  // Windows cannot open a directory for syncing; NTFS journals the entry itself.
  if (process.platform === "win32") return;
  const dir = await open(dirname(filePath), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** mkdir -p, then fsyncs the parents of every directory it created so they survive a power cut. */
export async function makeDurableDir(dir: string): Promise<void> {
  const target = resolve(dir);
  const first = await mkdir(target, { recursive: true });
  if (first === undefined) return;
  for (let d = target; ; d = dirname(d)) {
    await fsyncDir(d);
    if (d === resolve(first) || dirname(d) === d) break;
  }
}

/** Whether [start, end) of the file holds only zeros: space written ahead of the log, not a torn record. */
export async function isAllZero(fh: FileHandle, start: number, end: number): Promise<boolean> {
  const step = 1024 * 1024;
  for (let pos = start; pos < end; pos += step) {
    const chunk = await readExactly(fh, Math.min(step, end - pos), pos);
    if (chunk.some((byte) => byte !== 0)) return false;
  }
  return true;
}
