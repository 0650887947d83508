import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { type FileHandle, open, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { acquireLock, fsyncDir, readLog, releaseLock } from "./log-file.ts";
import { FRAME_HEADER, frame, LOG_MAGIC, RecordType } from "./log-format.ts";
import { Table } from "./table.ts";

interface BlobLocation {
  offset: number;
  length: number;
}

interface PendingRecord {
  frames: Buffer[];
  /** Set for blob records, so the writer can note where the bytes landed. */
  blobId?: string;
}

const BLOB_ID_BYTES = 16;
const LOG_NAME = "state.log";

/**
 * The emulator's state: named tables of JSON values plus blobs (object bytes).
 *
 * Persistent mode keeps one append-only log (Bitcask-style): every mutation and
 * every blob is a checksummed record, and `flush()` group-commits pending records
 * with one write and one fdatasync. The gateway calls `flush()` before it sends
 * any response, so an acknowledged write is on disk. Replay stops at the first
 * torn record, which can only belong to a write that was never acknowledged.
 */
export class StateStore {
  private readonly tables = new Map<string, Table<unknown>>();
  private readonly memoryBlobs = new Map<string, Buffer>();
  private readonly diskBlobs = new Map<string, BlobLocation>();
  private pending: PendingRecord[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private inflight: Promise<void> | null = null;
  private size = 0;
  private failure: Error | null = null;

  private readonly dir: string | null;
  private readonly writer: FileHandle | null;
  private readonly reader: FileHandle | null;

  private constructor(dir: string | null, writer: FileHandle | null, reader: FileHandle | null) {
    this.dir = dir;
    this.writer = writer;
    this.reader = reader;
  }

  /** An in-memory store: nothing touches the disk. */
  static memory(): StateStore {
    return new StateStore(null, null, null);
  }

  /** Opens (or creates) the log in `dir`, replays it, and compacts it when mostly garbage. */
  static async open(dir: string): Promise<StateStore> {
    mkdirSync(dir, { recursive: true });
    await acquireLock(dir);
    const path = join(dir, LOG_NAME);
    const replayed = await readLog(path);
    if (replayed.needsCompaction) {
      await writeCompacted(path, replayed);
      return StateStore.open(dir);
    }
    const writer = await open(path, "r+");
    if (replayed.validEnd < replayed.fileSize) {
      // A torn tail from a crash: drop it so new records follow valid ones.
      await writer.truncate(replayed.validEnd);
      await writer.datasync();
    }
    const reader = await open(path, "r");
    const store = new StateStore(dir, writer, reader);
    store.size = replayed.validEnd;
    for (const [id, loc] of replayed.blobs) store.diskBlobs.set(id, loc);
    for (const [name, rows] of replayed.tables) {
      const table = store.table<unknown>(name);
      for (const [key, value] of rows) table.replay(key, value);
    }
    return store;
  }

  get persistent(): boolean {
    return this.writer !== null;
  }

  table<V>(name: string): Table<V> {
    let t = this.tables.get(name);
    if (!t) {
      t = new Table<unknown>(name, (table, key, json) => this.recordMutation(table, key, json));
      this.tables.set(name, t);
    }
    return t as Table<V>;
  }

  /** Stores bytes and returns their id; durable after the next `flush()`. */
  putBlob(data: Buffer): string {
    this.assertHealthy();
    const id = randomBytes(BLOB_ID_BYTES).toString("hex");
    this.memoryBlobs.set(id, data);
    if (this.writer) {
      this.pending.push({ frames: frame(RecordType.Blob, [Buffer.from(id, "hex"), data]), blobId: id });
    }
    return id;
  }

  freeBlob(id: string): void {
    const known = this.memoryBlobs.delete(id) || this.diskBlobs.delete(id);
    if (known && this.writer)
      this.pending.push({ frames: frame(RecordType.BlobFree, Buffer.from(id, "hex")) });
  }

  blobSize(id: string): number {
    const mem = this.memoryBlobs.get(id);
    if (mem) return mem.length;
    const loc = this.diskBlobs.get(id);
    if (!loc) throw new Error(`blob ${id} is missing from the state store`);
    return loc.length;
  }

  /** Reads bytes [start, end) of a blob. */
  async readBlob(id: string, start = 0, end?: number): Promise<Buffer> {
    const mem = this.memoryBlobs.get(id);
    if (mem) return mem.subarray(start, end ?? mem.length);
    const loc = this.diskBlobs.get(id);
    if (!loc || !this.reader) throw new Error(`blob ${id} is missing from the state store`);
    const stop = Math.min(end ?? loc.length, loc.length);
    const buf = Buffer.allocUnsafe(Math.max(0, stop - start));
    let done = 0;
    while (done < buf.length) {
      const { bytesRead } = await this.reader.read(buf, done, buf.length - done, loc.offset + start + done);
      if (bytesRead === 0) throw new Error(`blob ${id} is truncated in the state log`);
      done += bytesRead;
    }
    return buf;
  }

  /** Streams the bytes [start, end) of a sequence of blobs (e.g. multipart parts) in 1 MiB reads. */
  streamBlobs(ids: readonly string[], start = 0, end?: number): Readable {
    const store = this;
    async function* chunks(): AsyncGenerator<Buffer> {
      let skip = start;
      let remaining = end === undefined ? Number.POSITIVE_INFINITY : end - start;
      for (const id of ids) {
        const size = store.blobSize(id);
        if (skip >= size) {
          skip -= size;
          continue;
        }
        for (let pos = skip; pos < size && remaining > 0; ) {
          const stop = Math.min(size, pos + 1024 * 1024, pos + remaining);
          const chunk = await store.readBlob(id, pos, stop);
          remaining -= chunk.length;
          pos = stop;
          yield chunk;
        }
        skip = 0;
        if (remaining <= 0) return;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  /** Makes every change so far durable. Resolves at once in memory mode. */
  flush(): Promise<void> {
    if (!this.writer) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending.length === 0) return this.inflight ?? Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.inflight) this.inflight = this.writeLoop();
    return done;
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.writer?.close();
    await this.reader?.close();
    if (this.dir) await releaseLock(this.dir);
  }

  private recordMutation(table: string, key: string, json: string | null): void {
    this.assertHealthy();
    if (!this.writer) return;
    const payload = Buffer.from(
      `{"t":${JSON.stringify(table)},"k":${JSON.stringify(key)},"v":${json ?? "null"}}`,
    );
    this.pending.push({ frames: frame(RecordType.Mutation, payload) });
  }

  private assertHealthy(): void {
    if (this.failure) throw this.failure;
  }

  /** Writes batches until nothing is pending; each batch is one writev and one fdatasync. */
  private async writeLoop(): Promise<void> {
    const writer = this.writer!;
    while (this.pending.length > 0) {
      const batch = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      const buffers: Buffer[] = [];
      const landed: Array<[string, BlobLocation]> = [];
      let offset = this.size;
      for (const rec of batch) {
        if (rec.blobId) {
          const length = rec.frames.reduce((n, b) => n + b.length, 0) - FRAME_HEADER - BLOB_ID_BYTES;
          landed.push([rec.blobId, { offset: offset + FRAME_HEADER + BLOB_ID_BYTES, length }]);
        }
        for (const b of rec.frames) {
          buffers.push(b);
          offset += b.length;
        }
      }
      try {
        await writeAll(writer, buffers, this.size);
        await writer.datasync();
        this.size = offset;
        for (const [id, loc] of landed) {
          // A blob freed while its write was in flight stays freed.
          if (this.memoryBlobs.delete(id)) this.diskBlobs.set(id, loc);
        }
        for (const w of waiters) w.resolve();
      } catch (err) {
        // The log may now hold a partial batch; refuse further writes rather than diverge from disk.
        this.failure = new Error(`state log write failed: ${(err as Error).message}`);
        for (const w of [...waiters, ...this.waiters]) w.reject(this.failure);
        this.waiters = [];
        this.pending = [];
      }
    }
    this.inflight = null;
  }
}

async function writeAll(fh: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  // writev may write less than asked for; retry the rest. IOV_MAX is 1024 on Linux.
  let pos = position;
  let queue = buffers;
  while (queue.length > 0) {
    const slice = queue.slice(0, 1024);
    const total = slice.reduce((n, b) => n + b.length, 0);
    const { bytesWritten } = await fh.writev(slice, pos);
    pos += bytesWritten;
    if (bytesWritten === total) {
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

/** Rewrites the log with only live rows and referenced blobs: temp file, fsync, rename, fsync dir. */
async function writeCompacted(path: string, replayed: Awaited<ReturnType<typeof readLog>>): Promise<void> {
  const tmp = `${path}.compact`;
  const source = await open(path, "r");
  const out = await open(tmp, "w");
  try {
    let pos = 0;
    const put = async (bufs: Buffer[]) => {
      await writeAll(out, bufs, pos);
      pos += bufs.reduce((n, b) => n + b.length, 0);
    };
    await put([LOG_MAGIC]);
    for (const id of replayed.referencedBlobs) {
      const loc = replayed.blobs.get(id);
      if (!loc) continue;
      const data = Buffer.allocUnsafe(loc.length);
      await source.read(data, 0, loc.length, loc.offset);
      await put(frame(RecordType.Blob, [Buffer.from(id, "hex"), data]));
    }
    for (const [table, rows] of replayed.tables) {
      for (const [key, value] of rows) {
        const payload = Buffer.from(JSON.stringify({ t: table, k: key, v: value }));
        await put(frame(RecordType.Mutation, payload));
      }
    }
    await out.datasync();
  } finally {
    await out.close();
    await source.close();
  }
  await rename(tmp, path);
  await fsyncDir(path);
  await stat(path);
}
