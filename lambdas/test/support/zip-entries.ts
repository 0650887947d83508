/**
 * A zip's central directory as written, for checking what a build put in it: each entry's
 * name, Unix mode, DOS date and time, and the order. (fflate's unzip gives contents only.)
 */
export interface ZipEntry {
  name: string;
  /** The upper 16 bits of the external attributes: st_mode when made on Unix. */
  unixMode: number;
  /** Host system in "version made by": 3 is Unix. */
  madeBy: number;
  /** "1980-01-01 00:00:00", as the DOS fields hold it (local time, no zone). */
  modified: string;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;

export function zipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record is the last 22 bytes when there is no archive comment, as in our zips.
  const end = zip.length - 22;
  if (end < 0 || view.getUint32(end, true) !== END_OF_CENTRAL_DIRECTORY) {
    throw new Error("no end-of-central-directory record where a zip without a comment has it");
  }
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== CENTRAL_FILE_HEADER) throw new Error(`bad central header ${i}`);
    const madeBy = view.getUint8(at + 5);
    const time = view.getUint16(at + 12, true);
    const date = view.getUint16(at + 14, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const attributes = view.getUint32(at + 38, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, madeBy, unixMode: attributes >>> 16, modified: dosDateTime(date, time) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function dosDateTime(date: number, time: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = `${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)}`;
  return `${day} ${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`;
}

/** The CPU an ELF shared object (a .node addon, a .so) was built for. */
export function elfMachine(binary: Uint8Array): "x86_64" | "arm64" | `other (${number})` {
  if (binary[0] !== 0x7f || binary[1] !== 0x45 || binary[2] !== 0x4c || binary[3] !== 0x46) {
    throw new Error("not an ELF file");
  }
  const machine = new DataView(binary.buffer, binary.byteOffset).getUint16(18, true);
  return machine === 62 ? "x86_64" : machine === 183 ? "arm64" : `other (${machine})`;
}
