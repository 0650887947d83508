import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize, sep } from "node:path";
import { unzipSync } from "fflate";
import type { StateStore } from "../../state/store.ts";
import { findVersion } from "../s3/object-store.ts";
import { S3State } from "../s3/state.ts";
import { lambdaErrors } from "./errors.ts";

/** AWS's limits for a deployment package. */
const MAX_ZIPPED_BYTES = 50 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 262_144_000;

export interface StoredCode {
  blobId: string;
  sha256: string;
  size: number;
}

/** Where a function's code comes from in CreateFunction and UpdateFunctionCode. */
export interface CodeSource {
  ZipFile?: string | undefined;
  S3Bucket?: string | undefined;
  S3Key?: string | undefined;
  S3ObjectVersion?: string | undefined;
  ImageUri?: string | undefined;
}

/** Reads the zip from the request or from S3, checks it unpacks, and stores its bytes durably. */
export async function storeCode(store: StateStore, source: CodeSource): Promise<StoredCode> {
  const zip = await readSource(store, source);
  if (zip.length > MAX_ZIPPED_BYTES) {
    throw lambdaErrors.invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
  }
  unpack(zip);
  return {
    blobId: store.putBlob(zip),
    sha256: createHash("sha256").update(zip).digest("base64"),
    size: zip.length,
  };
}

async function readSource(store: StateStore, source: CodeSource): Promise<Buffer> {
  if (source.ImageUri !== undefined) {
    throw lambdaErrors.invalidParameter(
      "Container images are not supported by this emulator; deploy a .zip package.",
    );
  }
  if (source.ZipFile !== undefined) {
    if (source.S3Bucket !== undefined || source.S3Key !== undefined) {
      throw lambdaErrors.invalidParameter("Please provide either ZipFile or S3Bucket and S3Key, not both.");
    }
    return Buffer.from(source.ZipFile, "base64");
  }
  if (source.S3Bucket === undefined || source.S3Key === undefined) {
    throw lambdaErrors.invalidParameter("Please provide a source for function code.");
  }
  const s3 = new S3State(store);
  const bucket = s3.buckets.get(source.S3Bucket);
  if (!bucket) {
    throw lambdaErrors.invalidParameter(
      `Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist`,
    );
  }
  let version: ReturnType<typeof findVersion>;
  try {
    version = findVersion(s3, bucket, source.S3Key, source.S3ObjectVersion ?? null);
  } catch {
    throw lambdaErrors.invalidParameter(
      `Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.`,
    );
  }
  const chunks: Buffer[] = [];
  for (const part of version.parts) chunks.push(await store.readBlob(part.blobId));
  return Buffer.concat(chunks);
}

/** The zip's files, or AWS's error for a package that does not unpack or is too large. */
function unpack(zip: Buffer): Record<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    throw lambdaErrors.invalidParameter(
      "Could not unzip uploaded file. Please check your file, then try to upload again.",
    );
  }
  let total = 0;
  for (const data of Object.values(files)) total += data.length;
  if (total > MAX_UNZIPPED_BYTES) {
    throw lambdaErrors.invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
  }
  return files;
}

/** Root of unpacked packages: one directory per code hash, shared by every version with that code. */
export function codeCacheRoot(): string {
  return join(tmpdir(), "darkroom-lambda-code");
}

/**
 * Unpacks stored code once per hash and returns its directory. The package is unpacked
 * beside the final directory and renamed into place, so a crash never leaves half of one.
 */
export async function unpackedCode(store: StateStore, blobId: string, sha256: string): Promise<string> {
  const dir = join(codeCacheRoot(), Buffer.from(sha256, "base64").toString("hex"));
  if (existsSync(dir)) return dir;
  const files = unpack(await store.readBlob(blobId));
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(staging, { recursive: true });
  try {
    for (const [name, data] of Object.entries(files)) {
      if (name.endsWith("/")) continue;
      const target = normalize(join(staging, name));
      // Entries such as "../x" must not escape the package directory.
      if (!target.startsWith(staging + sep)) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    renameSync(staging, dir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    // Another invocation unpacked the same code first.
    if (existsSync(dir)) return dir;
    throw err;
  }
  return dir;
}
