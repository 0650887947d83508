/**
 * Logs one change and returns the size of the record it wrote (0 in memory mode).
 * `previousBytes` is the size of the record that set the key before, so the store
 * can tell how much of its log is garbage.
 */
export type RecordMutation = (
  table: string,
  key: string,
  json: string | null,
  previousBytes: number,
) => number;

/**
 * One named map of JSON values inside the state store. Values are serialized at
 * `set` time, so later changes to the object passed in are not recorded: always
 * `set` a fresh value. Keep values JSON-plain (strings, numbers, arrays, objects).
 */
export class Table<V> {
  readonly name: string;
  private readonly rows = new Map<string, V>();
  /** Log record size per key (persistent stores only). */
  private readonly recordBytes = new Map<string, number>();
  private readonly record: RecordMutation;
  private sortedKeys: string[] | null = null;

  constructor(name: string, record: RecordMutation) {
    this.name = name;
    this.record = record;
  }

  get size(): number {
    return this.rows.size;
  }

  get(key: string): V | undefined {
    return this.rows.get(key);
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  set(key: string, value: V): void {
    const json = JSON.stringify(value) as string | undefined;
    // `undefined` (or a function) would write a record that cannot be replayed.
    if (json === undefined || value === null) {
      throw new TypeError(`table ${this.name}: cannot store ${String(value)} under key ${key}`);
    }
    // Logged first: if the store refuses the write, memory stays as it was.
    const bytes = this.record(this.name, key, json, this.recordBytes.get(key) ?? 0);
    if (!this.rows.has(key)) this.sortedKeys = null;
    this.rows.set(key, value);
    if (bytes > 0) this.recordBytes.set(key, bytes);
  }

  delete(key: string): boolean {
    if (!this.rows.has(key)) return false;
    this.record(this.name, key, null, this.recordBytes.get(key) ?? 0);
    this.rows.delete(key);
    this.recordBytes.delete(key);
    this.sortedKeys = null;
    return true;
  }

  values(): IterableIterator<V> {
    return this.rows.values();
  }

  entries(): IterableIterator<[string, V]> {
    return this.rows.entries();
  }

  /** Keys in UTF-8 binary order, as S3 lists them; cached until a key is added or removed. */
  keysSorted(): readonly string[] {
    if (this.sortedKeys === null) {
      this.sortedKeys = [...this.rows.keys()].sort(compareUtf8);
    }
    return this.sortedKeys;
  }

  /** Applies a replayed record without logging it again; `bytes` is the record's size in the log. */
  replay(key: string, value: V | null, bytes = 0): void {
    if (value === null) {
      this.rows.delete(key);
      this.recordBytes.delete(key);
    } else {
      this.rows.set(key, value);
      if (bytes > 0) this.recordBytes.set(key, bytes);
    }
    this.sortedKeys = null;
  }
}

/** Orders strings by their UTF-8 bytes (S3's order), which differs from UTF-16 order above the BMP. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF, which sort after 0xE000-0xFFFF in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
