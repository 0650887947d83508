import { randomUUID } from "node:crypto";
import { fdatasyncSync } from "node:fs";
import { type FileHandle, open, realpath, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { type BlobPart, missingBlob, readPartsSync, streamParts } from "./blob-reads.ts";
import { acquireLock, releaseLock } from "./lock-file.ts";
import {
  CompactionAborted,
  copyRange,
  fsyncDir,
  isAllZero,
  makeDurableDir,
  readLog,
  writeAll,
  writeAllSync,
} from "./log-file.ts";
import {
  BLOB_ID_BYTES,
  type BlobLocation,
  blobRecordBytes,
  FRAME_HEADER,
  frame,
  LOG_MAGIC,
  mutationPayload,
  RecordType,
  totalLength,
} from "./log-format.ts";
import { ReadHandle } from "./read-handle.ts";
import { type Snapshot, writeSnapshot } from "./snapshot.ts";
import { Table } from "./table.ts";

export interface StateStoreOptions {
  /** Compact while running once this many bytes of the log are garbage (and over half of it). */
  compactMinDeadBytes?: number;
  /**
   * Zeros written ahead of the log's end, so that a commit overwrites allocated space and
   * fdatasync need not also update the file size (~0.1 ms per commit on ext4). 0 turns it off.
   */
  preallocateBytes?: number;
}

interface PendingRecord {
  frames: Buffer[];
  /** Set for blob records, so the writer can note where the bytes landed. */
  blobId?: string;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

const LOG_NAME = "state.log";
const COMPACT_SUFFIX = ".compact";
const MiB = 1024 * 1024;
const ONLINE_MIN_DEAD_BYTES = 64 * MiB;
/** Replay reads every byte anyway, so at start even small logs are worth compacting when mostly garbage. */
const STARTUP_MIN_DEAD_BYTES = 4 * MiB;
/** Replay time grows with the record count too: many small overwrites make a slow start. */
const STARTUP_MIN_DEAD_RECORDS = 100_000;
const ONLINE_MIN_DEAD_RECORDS = 1_000_000;
/** Compaction copies the log's new tail without blocking writes until this little is left. */
const CATCH_UP_BYTES = MiB;
/** Batches and reads up to this size use blocking I/O: cheaper than the thread pool for small sizes. */
const SYNC_WRITE_MAX_BYTES = MiB;
const SYNC_READ_MAX_BYTES = MiB;
const PREALLOCATE_BYTES = 4 * MiB;
const ZERO_CHUNK = Buffer.alloc(MiB);

/** Directories open in this process: the LOCK file only tells processes apart. */
const openDirs = new Set<string>();

/**
 * The emulator's state: named tables of JSON values plus blobs (object bytes).
 *
 * Persistent mode keeps one append-only log (Bitcask-style): every mutation and
 * every blob is a checksummed record, and `flush()` group-commits queued records
 * with one write and one fdatasync. The gateway calls `flush()` before it sends
 * any response, so an acknowledged write is on disk. Replay stops at the first
 * torn record, which can only belong to a batch that was never acknowledged.
 *
 * Batches are written strictly one after another, and a blob's "free" record
 * goes into a later batch than the change that stopped using the blob, so a
 * torn batch can never leave a row pointing at freed bytes.
 */
export class StateStore {
  private readonly tables = new Map<string, Table<unknown>>();
  private readonly memoryBlobs = new Map<string, Buffer>();
  private readonly diskBlobs = new Map<string, BlobLocation>();

  private readonly dir: string | null;
  private readonly path: string;
  private writer: FileHandle | null;
  private reader: ReadHandle | null;
  /** End of the durable log. */
  private size = 0;
  /** The log file's length: `size` plus the zeros written ahead of it. */
  private allocated = 0;

  /** Records for the next batch, and whether any of them is more than a deferred free. */
  private queue: PendingRecord[] = [];
  private queueHasChanges = false;
  private queueDone: Deferred | null = null;
  /** Frees logged since the last batch was taken; they go into the batch after the next. */
  private deferredFrees: PendingRecord[] = [];
  /** The batch being written. */
  private inflight: Promise<void> | null = null;
  private writing = false;
  /** Serializes batches and compaction's file switch. */
  private exclusiveTail: Promise<unknown> = Promise.resolve();

  private failure: Error | null = null;
  private closing = false;
  private closed: Promise<void> | null = null;

  /** Garbage accounting: bytes and records the live state needs, against what the log holds. */
  private liveBytes = LOG_MAGIC.length;
  private liveRecords = 0;
  private records = 0;
  private compaction: Promise<void> | null = null;
  private readonly compactMinDeadBytes: number;
  private readonly preallocateBytes: number;
  /** After a failed compaction, wait until the log grows past this before trying again. */
  private compactRetrySize = 0;

  private constructor(
    dir: string | null,
    writer: FileHandle | null,
    reader: ReadHandle | null,
    options: StateStoreOptions,
  ) {
    this.dir = dir;
    this.path = dir ? join(dir, LOG_NAME) : "";
    this.writer = writer;
    this.reader = reader;
    this.compactMinDeadBytes = options.compactMinDeadBytes ?? ONLINE_MIN_DEAD_BYTES;
    this.preallocateBytes = options.preallocateBytes ?? PREALLOCATE_BYTES;
  }

  /** An in-memory store: nothing touches the disk. */
  static memory(): StateStore {
    return new StateStore(null, null, null, {});
  }

  /** Opens (or creates) the log in `dir`, replays it, and compacts it when mostly garbage. */
  static async open(dir: string, options: StateStoreOptions = {}): Promise<StateStore> {
    await makeDurableDir(dir);
    const real = await realpath(dir);
    if (openDirs.has(real)) throw new Error(`state directory ${dir} is already open in this process`);
    openDirs.add(real);
    let locked = false;
    let store: StateStore | null = null;
    try {
      await acquireLock(real);
      locked = true;
      const path = join(real, LOG_NAME);
      // Left by a compaction that never finished; the log itself is intact.
      await rm(`${path}${COMPACT_SUFFIX}`, { force: true });
      const replayed = await readLog(path);
      const writer = await open(path, "r+");
      store = new StateStore(real, writer, null, options);
      store.allocated = replayed.fileSize;
      const tailIsZeros = await isAllZero(writer, replayed.validEnd, replayed.fileSize);
      if (!tailIsZeros) {
        // A torn tail from a crash: drop it so new records follow valid ones.
        process.stderr.write(
          `darkroom: ${path}: dropped ${replayed.fileSize - replayed.validEnd} bytes of an unfinished write\n`,
        );
        await writer.truncate(replayed.validEnd);
        await writer.datasync();
        store.allocated = replayed.validEnd;
      }
      store.reader = new ReadHandle(await open(path, "r"));
      store.size = replayed.validEnd;
      store.records = replayed.records;
      for (const [id, loc] of replayed.blobs) {
        store.diskBlobs.set(id, loc);
        store.liveBytes += blobRecordBytes(loc.length);
        store.liveRecords++;
      }
      for (const [name, rows] of replayed.tables) {
        const table = store.table<unknown>(name);
        for (const [key, row] of rows) {
          table.replay(key, row.value, row.bytes);
          store.liveBytes += row.bytes;
          store.liveRecords++;
        }
      }
      if (store.worthCompacting(STARTUP_MIN_DEAD_BYTES, STARTUP_MIN_DEAD_RECORDS)) {
        await store.compact().catch((err: unknown) => {
          process.stderr.write(`darkroom: could not compact ${path}: ${(err as Error).message}\n`);
        });
        if (store.failure) throw store.failure;
      }
      return store;
    } catch (err) {
      if (store) {
        await store.writer?.close().catch(() => undefined);
        store.reader?.retire();
      }
      if (locked) await releaseLock(real).catch(() => undefined);
      openDirs.delete(real);
      throw err;
    }
  }

  get persistent(): boolean {
    return this.dir !== null;
  }

  table<V>(name: string): Table<V> {
    let t = this.tables.get(name);
    if (!t) {
      t = new Table<unknown>(name, (table, key, json, previousBytes) =>
        this.recordMutation(table, key, json, previousBytes),
      );
      this.tables.set(name, t);
    }
    return t as Table<V>;
  }

  /** Names of the tables opened or replayed so far, e.g. to find one service's tables in every account and region. */
  tableNames(): string[] {
    return [...this.tables.keys()];
  }

  /** Stores bytes and returns their id; durable after the next `flush()`. */
  putBlob(data: Buffer): string {
    this.assertWritable();
    // A UUID's 122 random bits come from Node's cached entropy pool: cheaper than randomBytes per blob.
    const id = randomUUID().replaceAll("-", "");
    this.memoryBlobs.set(id, data);
    if (this.persistent) {
      this.enqueue({ frames: frame(RecordType.Blob, [Buffer.from(id, "hex"), data]), blobId: id });
      this.liveBytes += blobRecordBytes(data.length);
      this.liveRecords++;
    }
    return id;
  }

  /** Forgets a blob: reads of it fail from now on, and compaction drops its bytes. */
  freeBlob(id: string): void {
    this.assertWritable();
    const length = this.memoryBlobs.get(id)?.length ?? this.diskBlobs.get(id)?.length;
    if (length === undefined) return;
    this.memoryBlobs.delete(id);
    this.diskBlobs.delete(id);
    if (this.persistent) {
      this.deferredFrees.push({ frames: frame(RecordType.BlobFree, Buffer.from(id, "hex")) });
      this.liveBytes -= blobRecordBytes(length);
      this.liveRecords--;
    }
  }

  blobSize(id: string): number {
    const mem = this.memoryBlobs.get(id);
    if (mem) return mem.length;
    const loc = this.diskBlobs.get(id);
    if (!loc) throw missingBlob(id);
    return loc.length;
  }

  /** Reads bytes [start, end) of a blob. */
  async readBlob(id: string, start = 0, end?: number): Promise<Buffer> {
    const mem = this.memoryBlobs.get(id);
    if (mem) return mem.subarray(start, end ?? mem.length);
    const loc = this.diskBlobs.get(id);
    const reader = this.reader;
    if (!loc || !reader) throw missingBlob(id);
    const stop = Math.min(end ?? loc.length, loc.length);
    if (stop <= start) return Buffer.alloc(0);
    // Pinned, so a compaction finishing meanwhile cannot close the file under us.
    reader.pin();
    try {
      return await reader.read(stop - start, loc.offset + start);
    } finally {
      reader.unpin();
    }
  }

  /**
   * Bytes [start, end) of a sequence of blobs as one Buffer, read without yielding, or
   * null when the range is too large for that (then use streamBlobs). Small GETs answer
   * faster this way than through a stream and the thread pool.
   */
  readSmall(ids: readonly string[], start: number, end: number): Buffer | null {
    if (end - start > SYNC_READ_MAX_BYTES) return null;
    return readPartsSync(this.locate(ids), this.reader, start, end);
  }

  /**
   * Streams bytes [start, end) of a sequence of blobs (e.g. multipart parts) in 1 MiB reads.
   * The blobs are located now, so the stream stays whole if they are freed or moved meanwhile.
   */
  streamBlobs(ids: readonly string[], start = 0, end?: number): Readable {
    return streamParts(this.locate(ids), this.reader, start, end);
  }

  /** Where each blob's bytes are now: in memory (not yet written) or in the log. */
  private locate(ids: readonly string[]): BlobPart[] {
    return ids.map((id) => {
      const part = this.memoryBlobs.get(id) ?? this.diskBlobs.get(id);
      if (!part) throw missingBlob(id);
      return part;
    });
  }

  /** Makes every change so far durable. Resolves at once in memory mode. */
  flush(): Promise<void> {
    if (!this.persistent) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    if (!this.queueHasChanges) return this.inflight ?? Promise.resolve();
    this.queueDone ??= deferred();
    const done = this.queueDone.promise;
    if (!this.writing) {
      this.writing = true;
      void this.writeLoop();
    }
    return done;
  }

  /**
   * Rewrites the log with only live rows and blobs while writes go on: a snapshot
   * is copied to a temp file, then (writes paused) the records appended since,
   * then the file is fsync'd and renamed over the log, and the directory fsync'd.
   */
  compact(): Promise<void> {
    if (!this.persistent || this.closing) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    this.compaction ??= this.runCompaction().finally(() => {
      this.compaction = null;
    });
    return this.compaction;
  }

  /** The compaction under way, if any. */
  get compacting(): Promise<void> | null {
    return this.compaction;
  }

  /** Writes what is queued (deferred frees included), then closes the log and releases the lock. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    if (!this.persistent) return;
    await this.compaction?.catch(() => undefined);
    while (!this.failure) {
      // Frees may only join a batch once the changes before them have one of their own.
      if (!this.queueHasChanges && this.queue.length === 0 && this.deferredFrees.length > 0) {
        this.queue = this.deferredFrees;
        this.deferredFrees = [];
      }
      if (this.queue.length === 0) break;
      this.queueHasChanges = true;
      await this.flush().catch(() => undefined);
    }
    await this.exclusive(async () => undefined);
    // From here on writes fail with a clear message instead of touching a closed file.
    this.failure = new Error("the state store is closed");
    await this.writer?.close();
    this.reader?.retire();
    await releaseLock(this.dir!);
    openDirs.delete(this.dir!);
  }

  private recordMutation(table: string, key: string, json: string | null, previousBytes: number): number {
    this.assertWritable();
    if (!this.persistent) return 0;
    const frames = frame(RecordType.Mutation, mutationPayload(table, key, json));
    this.enqueue({ frames });
    if (json === null) {
      this.liveBytes -= previousBytes;
      if (previousBytes > 0) this.liveRecords--;
      return 0;
    }
    const bytes = totalLength(frames);
    this.liveBytes += bytes - previousBytes;
    if (previousBytes === 0) this.liveRecords++;
    return bytes;
  }

  private enqueue(record: PendingRecord): void {
    this.queue.push(record);
    this.queueHasChanges = true;
  }

  private assertWritable(): void {
    if (this.failure) throw this.failure;
    if (this.closing && this.persistent) throw new Error("the state store is closing");
  }

  /** Runs `fn` after every earlier exclusive section has finished. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(fn);
    this.exclusiveTail = run.catch(() => undefined);
    return run;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.queueHasChanges && !this.failure) {
        await this.exclusive(() => this.writeBatch());
        if (this.worthCompacting(this.compactMinDeadBytes, ONLINE_MIN_DEAD_RECORDS)) {
          this.compact().catch((err: unknown) => {
            process.stderr.write(`darkroom: could not compact ${this.path}: ${(err as Error).message}\n`);
          });
        }
      }
    } catch (err) {
      this.fail(`state log writer stopped: ${(err as Error).message}`);
    } finally {
      this.writing = false;
    }
  }

  /** Takes everything queued and writes it with one writev and one fdatasync. */
  private async writeBatch(): Promise<void> {
    if (this.failure || !this.queueHasChanges) return;
    const batch = this.queue;
    const done = this.queueDone ?? deferred();
    // Frees logged before this batch was taken follow the changes in it, in the next batch.
    this.queue = this.deferredFrees;
    this.deferredFrees = [];
    this.queueHasChanges = false;
    this.queueDone = null;
    this.inflight = done.promise;
    const buffers: Buffer[] = [];
    const landed: Array<[string, BlobLocation]> = [];
    let offset = this.size;
    for (const rec of batch) {
      const bytes = totalLength(rec.frames);
      if (rec.blobId) {
        const length = bytes - FRAME_HEADER - BLOB_ID_BYTES;
        landed.push([rec.blobId, { offset: offset + FRAME_HEADER + BLOB_ID_BYTES, length }]);
      }
      buffers.push(...rec.frames);
      offset += bytes;
    }
    const allocated = offset > this.allocated ? offset + this.preallocateBytes : this.allocated;
    for (let left = allocated - Math.max(offset, this.allocated); left > 0; left -= ZERO_CHUNK.length) {
      buffers.push(left >= ZERO_CHUNK.length ? ZERO_CHUNK : ZERO_CHUNK.subarray(0, left));
    }
    try {
      if (offset - this.size <= SYNC_WRITE_MAX_BYTES) {
        // Small batches block briefly instead of paying two thread-pool round trips (~0.25 ms).
        writeAllSync(this.writer!.fd, buffers, this.size);
        fdatasyncSync(this.writer!.fd);
      } else {
        await writeAll(this.writer!, buffers, this.size);
        await this.writer!.datasync();
      }
    } catch (err) {
      this.fail(`state log write failed: ${(err as Error).message}`);
      done.reject(this.failure!);
      return;
    } finally {
      if (this.inflight === done.promise) this.inflight = null;
    }
    this.size = offset;
    this.allocated = allocated;
    this.records += batch.length;
    for (const [id, loc] of landed) {
      // A blob freed while its write was in flight stays freed.
      if (this.memoryBlobs.delete(id)) this.diskBlobs.set(id, loc);
    }
    done.resolve();
  }

  /** The log may now hold part of a batch: refuse further changes rather than diverge from disk. */
  private fail(message: string): void {
    this.failure ??= new Error(`${message}; no further changes are accepted until the emulator restarts`);
    this.queueDone?.reject(this.failure);
    this.queueDone = null;
    this.queue = [];
    this.queueHasChanges = false;
    this.deferredFrees = [];
  }

  private worthCompacting(minDeadBytes: number, minDeadRecords: number): boolean {
    if (!this.persistent || this.compaction || this.closing || this.failure) return false;
    if (this.size < this.compactRetrySize) return false;
    const deadBytes = this.size - this.liveBytes;
    const deadRecords = this.records - this.liveRecords;
    return (
      (deadBytes > minDeadBytes && deadBytes > this.size / 2) ||
      (deadRecords > minDeadRecords && deadRecords > this.liveRecords)
    );
  }

  private async runCompaction(): Promise<void> {
    const tmp = `${this.path}${COMPACT_SUFFIX}`;
    const shouldStop = () => this.closing || this.failure !== null;
    // Taken between batches, so every blob is either on disk below `start` or still in memory.
    const snap = await this.exclusive(async () => ({
      start: this.size,
      records: this.records,
      source: this.reader!.pin(),
      state: this.snapshot(),
    }));
    let out: FileHandle | null = null;
    let renamed = false;
    try {
      out = await open(tmp, "w");
      const written = await writeSnapshot(out, snap.state, snap.source, shouldStop);
      // Catch up on records appended meanwhile, still without blocking writes.
      let copied = snap.start;
      let pos = written.size;
      for (let round = 0; round < 4 && this.size - copied > CATCH_UP_BYTES; round++) {
        const end = this.size;
        await copyRange(snap.source.handle, out, copied, end, pos, shouldStop);
        pos += end - copied;
        copied = end;
      }
      await out.datasync();
      const newFile = out;
      await this.exclusive(async () => {
        if (shouldStop()) throw new CompactionAborted();
        const end = this.size;
        await copyRange(snap.source.handle, newFile, copied, end, pos);
        pos += end - copied;
        await newFile.datasync();
        const moved = this.relocate(snap.start, written.size, written.locations);
        const reader = new ReadHandle(await open(tmp, "r"));
        try {
          await rename(tmp, this.path);
        } catch (err) {
          reader.retire();
          throw err;
        }
        renamed = true;
        // The new file is the log now. No batch runs until this section ends, and frees
        // made during the awaits above only removed entries, so `moved` covers every blob.
        for (const id of this.diskBlobs.keys()) this.diskBlobs.set(id, moved.get(id)!);
        const oldWriter = this.writer!;
        this.writer = newFile;
        out = null;
        this.reader!.retire();
        this.reader = reader;
        this.size = pos;
        this.allocated = pos;
        this.records = written.records + (this.records - snap.records);
        await oldWriter.close().catch(() => undefined);
        // Acknowledged writes go to the new file only once its name is durable.
        await fsyncDir(this.path);
      });
    } catch (err) {
      if (renamed) {
        this.fail(`state log compaction failed after switching files: ${(err as Error).message}`);
        throw err;
      }
      await out?.close().catch(() => undefined);
      await rm(tmp, { force: true }).catch(() => undefined);
      if (err instanceof CompactionAborted) return;
      this.compactRetrySize = this.size + this.compactMinDeadBytes;
      throw err;
    } finally {
      snap.source.unpin();
    }
  }

  /** The live state right now; rows are never mutated in place, so references suffice. */
  private snapshot(): Snapshot {
    return {
      disk: [...this.diskBlobs],
      memory: [...this.memoryBlobs],
      tables: [...this.tables].map(([name, table]): [string, Array<[string, unknown]>] => [
        name,
        [...table.entries()],
      ]),
    };
  }

  /** New locations of the blobs on disk: snapshot copies, or records after `start` shifted to the new tail. */
  private relocate(
    start: number,
    tailAt: number,
    copies: ReadonlyMap<string, BlobLocation>,
  ): Map<string, BlobLocation> {
    const moved = new Map<string, BlobLocation>();
    for (const [id, loc] of this.diskBlobs) {
      const next =
        loc.offset >= start ? { offset: loc.offset - start + tailAt, length: loc.length } : copies.get(id);
      if (!next) throw new Error(`blob ${id} was not copied by compaction`);
      moved.set(id, next);
    }
    return moved;
  }
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting on a batch that fails; the failure is reported by the next flush.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
