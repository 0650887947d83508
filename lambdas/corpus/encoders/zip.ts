import { crc32 } from "node:zlib";

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** 1980-01-01 00:00 in DOS date/time: a fixed stamp keeps the archive's bytes the same every run. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

function localHeader(entry: ZipEntry, crc: number): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(10, 4); // version needed: 1.0
  header.writeUInt16LE(0, 6); // flags
  header.writeUInt16LE(0, 8); // stored, no compression
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(entry.data.length, 18);
  header.writeUInt32LE(entry.data.length, 22);
  header.writeUInt16LE(Buffer.byteLength(entry.name), 26);
  return Buffer.concat([header, Buffer.from(entry.name, "utf8")]);
}

function centralHeader(entry: ZipEntry, crc: number, localOffset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4); // made by: 2.0
  header.writeUInt16LE(10, 6);
  header.writeUInt16LE(0, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(DOS_TIME, 12);
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(crc, 16);
  header.writeUInt32LE(entry.data.length, 20);
  header.writeUInt32LE(entry.data.length, 24);
  header.writeUInt16LE(Buffer.byteLength(entry.name), 28);
  header.writeUInt32LE(localOffset, 42);
  return Buffer.concat([header, Buffer.from(entry.name, "utf8")]);
}

/**
 * A ZIP archive of stored (uncompressed) entries, its offsets counted from `baseOffset`: the
 * bytes that will stand before it in the file. With the JPEG's length as base, JPEG + archive is
 * a valid ZIP by the letter of the format, not only to tools that search for the archive.
 */
export function zipArchive(entries: readonly ZipEntry[], baseOffset = 0): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const crc = crc32(entry.data);
    const local = localHeader(entry, crc);
    centrals.push(centralHeader(entry, crc, baseOffset + offset));
    locals.push(local, entry.data);
    offset += local.length + entry.data.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(baseOffset + offset, 16);
  return Buffer.concat([...locals, central, end]);
}
