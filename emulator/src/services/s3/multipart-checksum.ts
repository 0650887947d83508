import { AwsError } from "../../protocol/aws-error.ts";
import { CHECKSUM_ALGORITHMS, checksumBase64, digest } from "./checksums.ts";
import { combineCrcs, isCombinableCrc } from "./crc-combine.ts";
import { s3Errors } from "./errors.ts";
import type { ChecksumAlgorithm, StoredChecksum, UploadedPart } from "./model.ts";
import type { S3State } from "./state.ts";

export type ChecksumType = StoredChecksum["type"];

/**
 * Reads CreateMultipartUpload's x-amz-checksum-algorithm and x-amz-checksum-type.
 * The type defaults to COMPOSITE, except for CRC64NVME which only has FULL_OBJECT;
 * FULL_OBJECT needs a CRC, since only CRCs can be combined from the parts.
 */
export function uploadChecksumSettings(
  algorithmHeader: string | undefined,
  typeHeader: string | undefined,
): { algorithm?: ChecksumAlgorithm; type?: ChecksumType } {
  let algorithm: ChecksumAlgorithm | undefined;
  if (algorithmHeader) {
    algorithm = CHECKSUM_ALGORITHMS.find((a) => a === algorithmHeader.toUpperCase());
    if (!algorithm) {
      throw s3Errors.invalidRequest(
        "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]",
      );
    }
  }
  if (typeHeader === undefined) {
    if (!algorithm) return {};
    return { algorithm, type: algorithm === "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE" };
  }
  const type = typeHeader.toUpperCase();
  if (type !== "COMPOSITE" && type !== "FULL_OBJECT") {
    throw s3Errors.invalidRequest("Value for x-amz-checksum-type header is invalid.");
  }
  if (!algorithm) {
    throw s3Errors.invalidRequest(
      "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.",
    );
  }
  const supported = type === "FULL_OBJECT" ? isCombinableCrc(algorithm) : algorithm !== "CRC64NVME";
  if (!supported) {
    throw s3Errors.invalidRequest(
      `The ${type} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  }
  return { algorithm, type };
}

/** S3 words this BadDigest with the algorithm in lower case, unlike PutObject's. */
export function completeBadDigest(algorithm: ChecksumAlgorithm): AwsError {
  return new AwsError(
    "BadDigest",
    `The ${algorithm.toLowerCase()} you specified did not match the calculated checksum.`,
    400,
  );
}

/** A part's stored checksum in `algorithm`, or (for parts stored without one) computed from its bytes. */
async function partValue(state: S3State, algorithm: ChecksumAlgorithm, part: UploadedPart): Promise<string> {
  if (part.checksum?.algorithm === algorithm) return part.checksum.value;
  return checksumBase64(algorithm, await state.store.readBlob(part.blobId));
}

/** COMPOSITE: the checksum of the concatenated raw part checksums, with "-<part count>". */
export async function compositeChecksum(
  state: S3State,
  algorithm: ChecksumAlgorithm,
  parts: readonly UploadedPart[],
): Promise<string> {
  const raw: Buffer[] = [];
  for (const part of parts) raw.push(Buffer.from(await partValue(state, algorithm, part), "base64"));
  return `${(await digest(algorithm, Buffer.concat(raw))).toString("base64")}-${parts.length}`;
}

/** FULL_OBJECT: the CRC of the whole object, combined from the parts' CRCs. */
export async function fullObjectChecksum(
  state: S3State,
  algorithm: ChecksumAlgorithm,
  parts: readonly UploadedPart[],
): Promise<string> {
  const crcs: Array<{ crc: Buffer; size: number }> = [];
  for (const part of parts) {
    crcs.push({ crc: Buffer.from(await partValue(state, algorithm, part), "base64"), size: part.size });
  }
  return combineCrcs(algorithm, crcs).toString("base64");
}
