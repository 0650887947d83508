import { AwsError } from "../../../../protocol/aws-error.ts";
import { requireChecksum } from "../../checksums.ts";
import { emptyResponse, xmlResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { readConfigXml, xmlStruct, xmlText } from "./config-xml.ts";

const versioningSchema = xmlStruct({ MfaDelete: xmlText.optional(), Status: xmlText.optional() });

export const versioningOperations: S3Handlers = {
  async PutBucketVersioning({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const config = readConfigXml(req.body, "VersioningConfiguration", versioningSchema);
    if (config.Status === undefined) {
      throw new AwsError(
        "IllegalVersioningConfigurationException",
        "The Versioning element must be specified",
        400,
      );
    }
    if (config.Status !== "Enabled" && config.Status !== "Suspended") throw s3Errors.malformedXml();
    const mfa = config.MfaDelete;
    if (mfa !== undefined && mfa !== "Enabled" && mfa !== "Disabled") throw s3Errors.malformedXml();
    if (b.objectLockEnabled && config.Status === "Suspended") {
      throw new AwsError(
        "InvalidBucketState",
        "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.",
        409,
      );
    }
    state.buckets.set(bucket, {
      ...b,
      versioning: config.Status,
      ...(mfa !== undefined ? { mfaDelete: mfa } : {}),
    });
    return emptyResponse(200);
  },

  /** A bucket whose versioning was never configured answers an empty document. */
  GetBucketVersioning({ state, bucket }) {
    const b = state.bucket(bucket);
    return xmlResponse("VersioningConfiguration", { Status: b.versioning, MfaDelete: b.mfaDelete });
  },
};
