import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFile, readdir, readFile, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { FRAME_HEADER, frame, LOG_MAGIC, type RecordType } from "../src/state/log-format.ts";
import { StateStore, type StateStoreOptions } from "../src/state/store.ts";
import { tempDir } from "./support/temp-dir.ts";

const STORE_MODULE = pathToFileURL(fileURLToPath(new URL("../src/state/store.ts", import.meta.url))).href;
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Row {
  name: string;
  blobId?: string;
}

/**
 * Most tests here reason about exact log sizes and frame boundaries, so they turn off
 * the zeros written ahead of the log; "space written ahead" below tests those.
 */
async function openStore(dir: string, options?: StateStoreOptions): Promise<StateStore> {
  const store = await StateStore.open(dir, { preallocateBytes: 0, ...options });
  onTestFinished(() => store.close());
  return store;
}

/** Compares bytes without vitest's element-by-element diff, which takes seconds on megabytes. */
function expectBytes(actual: Buffer, expected: Buffer, label = ""): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  expect(actual.equals(expected), `${label} bytes`).toBe(true);
}

function logOf(dir: string): string {
  return join(dir, "state.log");
}

/** Record boundaries in a log file: [start, end) of each frame. */
function frames(log: Buffer): Array<{ start: number; end: number; type: number }> {
  const out: Array<{ start: number; end: number; type: number }> = [];
  let pos = LOG_MAGIC.length;
  while (pos + FRAME_HEADER <= log.length) {
    const end = pos + FRAME_HEADER + log.readUInt32LE(pos);
    if (end > log.length) break;
    out.push({ start: pos, end, type: log.readUInt8(pos + 8) });
    pos = end;
  }
  return out;
}

describe("StateStore on disk", () => {
  it("keeps tables and blobs across close and reopen", async () => {
    const dir = await tempDir();
    const small = randomBytes(100);
    const big = randomBytes(3 * 1024 * 1024 + 17);
    // No backing memory, which once made the record's checksum 0.
    const empty = Buffer.from(new ArrayBuffer(0));
    let ids: string[];
    {
      const store = await openStore(dir);
      expect(store.persistent).toBe(true);
      ids = [store.putBlob(small), store.putBlob(big), store.putBlob(empty)];
      const rows = store.table<Row>("rows");
      rows.set("a", { name: "first", blobId: ids[0] });
      rows.set("b", { name: "second", blobId: ids[1] });
      rows.set("gone", { name: "deleted later" });
      rows.set("a", { name: "first, replaced", blobId: ids[0] });
      store.table<number>("numbers").set("n", 42);
      await store.flush();
      rows.delete("gone");
      await store.close();
    }
    const store = await openStore(dir);
    const rows = store.table<Row>("rows");
    expect([...rows.keysSorted()]).toEqual(["a", "b"]);
    expect(rows.get("a")).toEqual({ name: "first, replaced", blobId: ids[0] });
    expect(store.table<number>("numbers").get("n")).toBe(42);
    expectBytes(await store.readBlob(ids[0]!), small);
    expectBytes(await store.readBlob(ids[1]!), big);
    expectBytes(await store.readBlob(ids[2]!), empty);
    expect(store.blobSize(ids[1]!)).toBe(big.length);
    expectBytes(await store.readBlob(ids[1]!, 1000, 5000), big.subarray(1000, 5000));
    const streamed = await buffer(store.streamBlobs([ids[0]!, ids[1]!], 50, 2_000_000));
    expectBytes(streamed, Buffer.concat([small, big]).subarray(50, 2_000_000));
  });

  it("drops a torn record at the end of the log and appends after the last whole one", async () => {
    const dir = await tempDir();
    const blob = randomBytes(64 * 1024);
    let blobId: string;
    {
      const store = await openStore(dir);
      blobId = store.putBlob(blob);
      store.table<Row>("rows").set("kept", { name: "kept", blobId });
      await store.flush();
      await store.close();
    }
    const goodSize = (await stat(logOf(dir))).size;
    {
      const store = await openStore(dir);
      store.table<Row>("rows").set("torn", { name: "x".repeat(200) });
      await store.flush();
      await store.close();
    }
    const fullSize = (await stat(logOf(dir))).size;
    expect(fullSize).toBeGreaterThan(goodSize + 200);
    // Cut the last record in the middle, as a crash during its write would.
    await truncate(logOf(dir), goodSize + 100);
    {
      const store = await openStore(dir);
      const rows = store.table<Row>("rows");
      expect(rows.has("torn")).toBe(false);
      expectBytes(await store.readBlob(rows.get("kept")!.blobId!), blob);
      expect((await stat(logOf(dir))).size).toBe(goodSize);
      rows.set("after", { name: "written after the crash" });
      await store.flush();
      await store.close();
    }
    const store = await openStore(dir);
    expect(store.table<Row>("rows").get("after")).toEqual({ name: "written after the crash" });
    expectBytes(await store.readBlob(blobId), blob);
  });

  it("drops garbage appended after the last record", async () => {
    const dir = await tempDir();
    {
      const store = await openStore(dir);
      store.table<string>("t").set("k", "v");
      await store.flush();
      await store.close();
    }
    const goodSize = (await stat(logOf(dir))).size;
    // Random bytes, then a header promising more bytes than follow.
    const claimsTooMuch = Buffer.alloc(FRAME_HEADER);
    claimsTooMuch.writeUInt32LE(1_000_000, 0);
    await appendFile(logOf(dir), Buffer.concat([claimsTooMuch, randomBytes(300)]));
    {
      const store = await openStore(dir);
      expect(store.table<string>("t").get("k")).toBe("v");
      store.table<string>("t").set("k2", "v2");
      await store.flush();
      await store.close();
    }
    await appendFile(logOf(dir), randomBytes(5000));
    const store = await openStore(dir);
    expect(store.table<string>("t").get("k")).toBe("v");
    expect(store.table<string>("t").get("k2")).toBe("v2");
    expect((await stat(logOf(dir))).size).toBeGreaterThan(goodSize);
  });

  it("replays every prefix of the log without a row pointing at freed bytes", async () => {
    const dir = await tempDir();
    {
      const store = await openStore(dir);
      const rows = store.table<Row>("rows");
      for (let round = 0; round < 4; round++) {
        for (const key of ["a", "b", "c"]) {
          const old = rows.get(key);
          // As S3 does on overwrite: new bytes, free the old ones, then point the row at the new.
          const blobId = store.putBlob(randomBytes(1000));
          if (old?.blobId) store.freeBlob(old.blobId);
          rows.set(key, { name: `${key}${round}`, blobId });
        }
        await store.flush();
      }
      rows.delete("b");
      await store.flush();
      await store.close();
    }
    const log = await readFile(logOf(dir));
    const cuts = frames(log).flatMap((f) => [f.end, f.start + 3]);
    expect(cuts.length).toBeGreaterThan(40);
    for (const cut of cuts) {
      const copy = await tempDir();
      await writeFile(logOf(copy), log.subarray(0, cut));
      const store = await StateStore.open(copy, { preallocateBytes: 0 });
      try {
        for (const row of store.table<Row>("rows").values()) {
          expect((await store.readBlob(row.blobId!)).length, `log cut at ${cut}`).toBe(1000);
        }
      } finally {
        await store.close();
      }
    }
  });

  it("group-commits concurrent flushes and resolves every one", async () => {
    const dir = await tempDir();
    const store = await openStore(dir);
    const table = store.table<number>("n");
    const flushes: Array<Promise<void>> = [];
    for (let i = 0; i < 500; i++) {
      table.set(`k${i}`, i);
      if (i % 3 === 0) store.putBlob(randomBytes(i));
      flushes.push(store.flush());
    }
    await Promise.all(flushes);
    await store.close();
    const reopened = await openStore(dir);
    const t = reopened.table<number>("n");
    expect(t.size).toBe(500);
    for (let i = 0; i < 500; i++) expect(t.get(`k${i}`)).toBe(i);
  });

  it("makes a flush with nothing queued wait for the batch in flight", async () => {
    const store = await openStore(await tempDir());
    const order: string[] = [];
    store.table<string>("t").set("k", "v");
    const writer = store.flush().then(() => order.push("writer"));
    // Let the batch start (microtasks only: its write cannot finish before the event loop turns).
    for (let i = 0; i < 3; i++) await Promise.resolve();
    // A reader that saw the unsynced row must not be answered before the row is durable.
    const reader = store.flush().then(() => order.push("reader"));
    await Promise.all([writer, reader]);
    expect(order).toEqual(["writer", "reader"]);
  });

  it("keeps a blob freed while its write is in flight freed", async () => {
    const dir = await tempDir();
    let id: string;
    {
      const store = await openStore(dir);
      id = store.putBlob(randomBytes(10_000));
      const flushed = store.flush();
      store.freeBlob(id);
      await flushed;
      expect(() => store.blobSize(id)).toThrow(/missing/);
      await expect(store.readBlob(id)).rejects.toThrow(/missing/);
      await store.close();
    }
    const store = await openStore(dir);
    expect(() => store.blobSize(id)).toThrow(/missing/);
  });

  it("drops freed blobs when compacting and keeps live ones", async () => {
    const dir = await tempDir();
    const live = randomBytes(200_000);
    const freed = randomBytes(200_000);
    const store = await openStore(dir);
    const liveId = store.putBlob(live);
    const freedId = store.putBlob(freed);
    store.table<Row>("rows").set("live", { name: "live", blobId: liveId });
    await store.flush();
    store.freeBlob(freedId);
    store.table<Row>("rows").set("other", { name: "other" });
    await store.flush();
    const before = await readFile(logOf(dir));
    expect(before.includes(freed)).toBe(true);
    await store.compact();
    const after = await readFile(logOf(dir));
    expect(after.includes(freed)).toBe(false);
    expect(after.includes(live)).toBe(true);
    expect(after.length).toBeLessThan(before.length - freed.length);
    expectBytes(await store.readBlob(liveId), live);
    // Writes go on into the new file.
    store.table<Row>("rows").set("later", { name: "later" });
    await store.flush();
    await store.close();
    const reopened = await openStore(dir);
    expectBytes(await reopened.readBlob(liveId), live);
    await expect(reopened.readBlob(freedId)).rejects.toThrow(/missing/);
    expect([...reopened.table<Row>("rows").keysSorted()]).toEqual(["later", "live", "other"]);
  });

  it("compacts at start when the log is mostly garbage", async () => {
    const dir = await tempDir();
    const keep = randomBytes(100_000);
    {
      const store = await openStore(dir);
      const keepId = store.putBlob(keep);
      store.table<Row>("rows").set("keep", { name: "keep", blobId: keepId });
      for (let i = 0; i < 6; i++) {
        const id = store.putBlob(randomBytes(1024 * 1024));
        await store.flush();
        store.freeBlob(id);
      }
      // Many small overwrites of one row are garbage too.
      for (let i = 0; i < 2000; i++) store.table<number>("counter").set("c", i);
      await store.flush();
      await store.close();
    }
    expect((await stat(logOf(dir))).size).toBeGreaterThan(6 * 1024 * 1024);
    const store = await openStore(dir);
    expect((await stat(logOf(dir))).size).toBeLessThan(200_000);
    expectBytes(await store.readBlob(store.table<Row>("rows").get("keep")!.blobId!), keep);
    expect(store.table<number>("counter").get("c")).toBe(1999);
  });

  it("compacts at start after many small overwrites even when big live blobs dominate the size", async () => {
    const dir = await tempDir();
    const big = randomBytes(20 * 1024 * 1024);
    {
      const store = await openStore(dir);
      store.table<Row>("rows").set("big", { name: "big", blobId: store.putBlob(big) });
      for (let i = 0; i < 120_000; i++) store.table<number>("counter").set("c", i);
      await store.flush();
      await store.close();
    }
    const before = (await stat(logOf(dir))).size;
    const store = await openStore(dir);
    const after = (await stat(logOf(dir))).size;
    expect(before - after).toBeGreaterThan(4 * 1024 * 1024);
    expect(after).toBeLessThan(big.length + 1000);
    expect(store.table<number>("counter").get("c")).toBe(119_999);
    expectBytes(await store.readBlob(store.table<Row>("rows").get("big")!.blobId!), big);
  });

  it("compacts by itself while running once enough of the log is garbage", async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { compactMinDeadBytes: 512 * 1024 });
    const rows = store.table<Row>("rows");
    let compactions = 0;
    let last = Buffer.alloc(0);
    for (let i = 0; i < 100; i++) {
      last = randomBytes(50_000);
      const old = rows.get("k");
      const blobId = store.putBlob(last);
      if (old) store.freeBlob(old.blobId!);
      rows.set("k", { name: "k", blobId });
      await store.flush();
      if (store.compacting) {
        compactions++;
        await store.compacting;
      }
    }
    // 5 MB written in all; compaction keeps the file near the one live blob plus the threshold.
    expect(compactions).toBeGreaterThan(2);
    expect((await stat(logOf(dir))).size).toBeLessThan(2 * 1024 * 1024);
    expectBytes(await store.readBlob(rows.get("k")!.blobId!), last);
  });

  it("loses nothing when compacting while writes and reads go on", async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { compactMinDeadBytes: 256 * 1024 });
    const expected = new Map<string, Buffer>();
    const rows = store.table<Row>("objects");
    const inodes = new Set<number>([(await stat(logOf(dir))).ino]);
    let compactions = 0;

    async function writer(w: number): Promise<void> {
      for (let i = 0; i < 60; i++) {
        const key = `w${w}-${i % 7}`;
        const data = randomBytes(1 + ((w * 7919 + i * 104_729) % 40_000));
        const old = rows.get(key);
        const blobId = store.putBlob(data);
        if (old?.blobId) store.freeBlob(old.blobId);
        rows.set(key, { name: key, blobId });
        expected.set(key, data);
        await store.flush();
        // Read back something, possibly across a file switch.
        const probe = `w${w}-${(i * 3) % 7}`;
        const want = expected.get(probe);
        const got = rows.get(probe);
        if (want && got) expectBytes(await buffer(store.streamBlobs([got.blobId!])), want);
        if (store.compacting) {
          compactions++;
          await store.compacting;
          inodes.add((await stat(logOf(dir))).ino);
        }
      }
    }
    async function compactor(): Promise<void> {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setImmediate(r));
        await store.compact();
        inodes.add((await stat(logOf(dir))).ino);
      }
    }
    await Promise.all([...Array.from({ length: 8 }, (_, w) => writer(w)), compactor()]);
    expect(compactions).toBeGreaterThan(0);
    expect(inodes.size).toBeGreaterThan(1);
    for (const [key, data] of expected) expectBytes(await store.readBlob(rows.get(key)!.blobId!), data);
    await store.close();
    const reopened = await openStore(dir);
    const reRows = reopened.table<Row>("objects");
    expect(reRows.size).toBe(expected.size);
    for (const [key, data] of expected) expectBytes(await reopened.readBlob(reRows.get(key)!.blobId!), data);
  });

  it("keeps a stream whole when its blob is freed and the log compacted before it is read", async () => {
    const dir = await tempDir();
    const store = await openStore(dir);
    const data = randomBytes(3 * 1024 * 1024);
    const id = store.putBlob(data);
    await store.flush();
    const stream = store.streamBlobs([id]);
    store.freeBlob(id);
    store.table<string>("t").set("k", "v");
    await store.flush();
    await store.compact();
    expect((await readFile(logOf(dir))).includes(data.subarray(0, 4096))).toBe(false);
    expectBytes(await buffer(stream), data);
  });

  it("refuses to open a directory another process holds, and takes over after that process dies", async () => {
    const dir = await tempDir();
    const holder = await holdInChild(dir);
    await expect(StateStore.open(dir)).rejects.toThrow(new RegExp(`in use by process ${holder.pid}`));
    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("exit", r));
    // The LOCK file is still there, naming a dead process.
    expect(await readdir(dir)).toContain("LOCK");
    const store = await openStore(dir);
    expect(store.table<string>("t").get("from-child")).toBe("yes");
  });

  it("makes a second process on the same directory fail with the lock error", async () => {
    const dir = await tempDir();
    await openStore(dir);
    const result = await runChild(dir, "");
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(new RegExp(`in use by process ${process.pid}`));
  });

  it("refuses a second open of the same directory in one process", async () => {
    const dir = await tempDir();
    await openStore(dir);
    await expect(StateStore.open(join(dir, "."))).rejects.toThrow(/already open in this process/);
  });

  it.skipIf(process.platform === "win32")("refuses further writes once a write has failed", async () => {
    const dir = await tempDir();
    // A file size limit makes the kernel fail the write with EFBIG: a real I/O error.
    const script = `
      process.on("SIGXFSZ", () => {});
      const { StateStore } = await import(${JSON.stringify(STORE_MODULE)});
      const store = await StateStore.open(process.argv[2], { preallocateBytes: 0 });
      store.table("t").set("small", "fits");
      await store.flush();
      store.putBlob(Buffer.alloc(200 * 1024, 1));
      store.table("t").set("big", "does not fit");
      const first = await store.flush().then(() => "ok", (e) => e.message);
      let setError = "";
      try { store.table("t").set("after", "x"); } catch (e) { setError = e.message; }
      const second = await store.flush().then(() => "ok", (e) => e.message);
      console.log(JSON.stringify({ first, setError, second }));
      process.exit(0);
    `;
    const result = await runChild(dir, script, "ulimit -f 64; ");
    const line = result.output.split("\n").find((l) => l.startsWith("{"));
    expect(line, result.output).toBeDefined();
    const outcome = JSON.parse(line!) as { first: string; setError: string; second: string };
    expect(outcome.first).toMatch(/state log write failed/);
    expect(outcome.setError).toMatch(/state log write failed/);
    expect(outcome.second).toMatch(/state log write failed/);
    const store = await openStore(dir);
    expect(store.table<string>("t").get("small")).toBe("fits");
    expect(store.table<string>("t").has("after")).toBe(false);
  });

  it("rejects a file that is not a state log, and a checksummed record it does not know", async () => {
    const dir = await tempDir();
    await writeFile(logOf(dir), "hello, this is not a log\n");
    await expect(StateStore.open(dir)).rejects.toThrow(/not a Darkroom state log/);
    await writeFile(logOf(dir), Buffer.concat([LOG_MAGIC, ...frame(9 as RecordType, Buffer.from("future"))]));
    await expect(StateStore.open(dir)).rejects.toThrow(/unknown record/);
    // A failed open leaves the directory unlocked.
    await writeFile(logOf(dir), LOG_MAGIC.subarray(0, 5));
    const store = await openStore(dir);
    store.table<string>("t").set("k", "v");
    await store.close();
    expect((await readFile(logOf(dir))).subarray(0, LOG_MAGIC.length)).toEqual(LOG_MAGIC);
  });

  it("cleans up after a compaction that never finished", async () => {
    const dir = await tempDir();
    {
      const store = await openStore(dir);
      store.table<string>("t").set("k", "v");
      await store.close();
    }
    await writeFile(`${logOf(dir)}.compact`, randomBytes(1000));
    const store = await openStore(dir);
    expect(store.table<string>("t").get("k")).toBe("v");
    expect(await readdir(dir)).not.toContain("state.log.compact");
  });
});

describe("StateStore in memory", () => {
  it("works without touching the disk", async () => {
    const before = await readdir(process.cwd());
    const store = StateStore.memory();
    expect(store.persistent).toBe(false);
    const data = randomBytes(5000);
    const id = store.putBlob(data);
    store.table<Row>("rows").set("k", { name: "k", blobId: id });
    await store.flush();
    expectBytes(await store.readBlob(id, 10, 20), data.subarray(10, 20));
    expectBytes(
      await buffer(store.streamBlobs([id, id], 4000, 6000)),
      Buffer.concat([data, data]).subarray(4000, 6000),
    );
    store.freeBlob(id);
    expect(() => store.blobSize(id)).toThrow(/missing/);
    await store.compact();
    await store.close();
    expect(await readdir(process.cwd())).toEqual(before);
  });
});

/** Runs a script with the store module in another Node process; with no script, one that opens `dir`. */
async function runChild(
  dir: string,
  script: string,
  shellPrefix = "",
): Promise<{ code: number | null; output: string }> {
  const child = await startChild(dir, script || openScript(""), shellPrefix);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

/** A child process holding the store open on `dir` (after writing one row) until killed. */
async function holdInChild(dir: string): Promise<ChildProcess> {
  const child = await startChild(
    dir,
    openScript(`store.table("t").set("from-child", "yes"); await store.flush();`),
  );
  onTestFinished(() => {
    child.kill("SIGKILL");
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
      if (output.includes("OPEN")) resolve();
    });
    child.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.once("exit", (code) => reject(new Error(`child exited with ${code}: ${output}`)));
  });
  return child;
}

function openScript(after: string): string {
  return `
    const { StateStore } = await import(${JSON.stringify(STORE_MODULE)});
    let store;
    try {
      store = await StateStore.open(process.argv[2]);
    } catch (e) {
      console.error(e.message);
      process.exit(3);
    }
    ${after}
    console.log("OPEN");
    setInterval(() => {}, 1000);
  `;
}

/** `node --import tsx <script> <dir>`, optionally under a shell prefix such as `ulimit -f 64;`. */
async function startChild(dir: string, script: string, shellPrefix = ""): Promise<ChildProcess> {
  const file = join(await tempDir("darkroom-child-"), "child.mjs");
  await writeFile(file, script);
  const args = ["--import", "tsx", file, dir];
  const options = { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] as const };
  if (!shellPrefix) return spawn(process.execPath, args, { ...options, stdio: [...options.stdio] });
  return spawn("sh", ["-c", `${shellPrefix} exec "$@"`, "sh", process.execPath, ...args], {
    ...options,
    stdio: [...options.stdio],
  });
}

describe("space written ahead of the log", () => {
  const AHEAD = 1024 * 1024;

  it("replays a log followed by zeros without dropping or truncating anything", async () => {
    const dir = await tempDir();
    const first = await StateStore.open(dir, { preallocateBytes: AHEAD });
    first.table<string>("t").set("a", "1");
    const blob = randomBytes(50_000);
    first.table<Row>("rows").set("r", { name: "r", blobId: first.putBlob(blob) });
    await first.flush();
    await first.close();
    const size = (await stat(logOf(dir))).size;
    // The zeros follow the records: the file is longer than what was written.
    expect(size).toBeGreaterThan(AHEAD);
    const second = await StateStore.open(dir, { preallocateBytes: AHEAD });
    expect((await stat(logOf(dir))).size).toBe(size);
    expect(second.table<string>("t").get("a")).toBe("1");
    expectBytes(await second.readBlob(second.table<Row>("rows").get("r")!.blobId!), blob);
    second.table<string>("t").set("b", "2");
    await second.flush();
    await second.close();
    const third = await openStore(dir);
    expect(third.table<string>("t").get("a")).toBe("1");
    expect(third.table<string>("t").get("b")).toBe("2");
  });

  it("drops a torn record written into the zeros and keeps appending after the last whole one", async () => {
    const dir = await tempDir();
    const first = await StateStore.open(dir, { preallocateBytes: AHEAD });
    first.table<string>("t").set("a", "1");
    await first.flush();
    await first.close();
    const log = await readFile(logOf(dir));
    const validEnd = frames(log).find((f) => log.readUInt32LE(f.start) === 0)?.start ?? log.length;
    // A crash mid-commit leaves the start of a record inside the space written ahead.
    const torn = Buffer.concat(frame(1 as RecordType, Buffer.from('{"t":"t","k":"b","v":"2"}'))).subarray(
      0,
      20,
    );
    const fh = await import("node:fs/promises").then((fs) => fs.open(logOf(dir), "r+"));
    await fh.write(torn, 0, torn.length, validEnd);
    await fh.close();
    const second = await StateStore.open(dir, { preallocateBytes: AHEAD });
    expect(second.table<string>("t").get("a")).toBe("1");
    expect(second.table<string>("t").has("b")).toBe(false);
    expect((await stat(logOf(dir))).size).toBe(validEnd);
    second.table<string>("t").set("c", "3");
    await second.flush();
    await second.close();
    const third = await openStore(dir);
    expect(third.table<string>("t").get("c")).toBe("3");
  });
});
