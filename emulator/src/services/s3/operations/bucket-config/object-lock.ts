import { AwsError } from "../../../../protocol/aws-error.ts";
import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { configXml, readConfigXml, storedXmlResponse, xmlInt, xmlStruct, xmlText } from "./config-xml.ts";
import { storedBody } from "./stored-config.ts";

const ROOT = "ObjectLockConfiguration";

const objectLockSchema = xmlStruct({
  ObjectLockEnabled: xmlText.optional(),
  Rule: xmlStruct({
    DefaultRetention: xmlStruct({
      Mode: xmlText.optional(),
      Days: xmlInt.optional(),
      Years: xmlInt.optional(),
    }).optional(),
  }).optional(),
});

export const objectLockOperations: S3Handlers = {
  /** Enables Object Lock (possible on an existing bucket once versioning is on) and sets the default retention. */
  async PutObjectLockConfiguration({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const config = readConfigXml(req.body, ROOT, objectLockSchema);
    if (config.ObjectLockEnabled !== "Enabled") throw s3Errors.malformedXml();
    const retention = config.Rule?.DefaultRetention;
    if (config.Rule && !retention) throw s3Errors.malformedXml();
    if (retention) {
      if (retention.Mode !== "GOVERNANCE" && retention.Mode !== "COMPLIANCE") throw s3Errors.malformedXml();
      const period = retention.Days ?? retention.Years;
      if (period === undefined || (retention.Days !== undefined && retention.Years !== undefined)) {
        throw s3Errors.malformedXml();
      }
      if (Number(period) <= 0) {
        throw s3Errors.invalidArgument("Default retention period must be a positive integer value");
      }
    }
    if (!b.objectLockEnabled && b.versioning !== "Enabled") {
      throw new AwsError(
        "InvalidBucketState",
        "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
        409,
      );
    }
    state.buckets.set(bucket, {
      ...b,
      objectLockEnabled: true,
      config: { ...b.config, "object-lock": { body: configXml(ROOT, config) } },
    });
    return emptyResponse(200);
  },

  GetObjectLockConfiguration({ state, bucket }) {
    const b = state.bucket(bucket);
    if (!b.objectLockEnabled) {
      throw s3Errors.notConfigured(
        "ObjectLockConfigurationNotFoundError",
        "Object Lock configuration does not exist for this bucket",
        bucket,
      );
    }
    return storedXmlResponse(
      storedBody(b, "object-lock") ?? configXml(ROOT, { ObjectLockEnabled: "Enabled" }),
    );
  },
};
