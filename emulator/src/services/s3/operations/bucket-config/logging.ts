import { AwsError } from "../../../../protocol/aws-error.ts";
import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import type { S3Handlers } from "../../handler.ts";
import { granteeOf, granteeSchema, granteeXml } from "./acl-grants.ts";
import { configXml, readConfigXml, storedXmlResponse, xmlList, xmlStruct, xmlText } from "./config-xml.ts";
import { deleteConfig, putConfig, storedBody } from "./stored-config.ts";

const ROOT = "BucketLoggingStatus";

const loggingSchema = xmlStruct({
  LoggingEnabled: xmlStruct({
    TargetBucket: xmlText,
    TargetGrants: xmlStruct({
      Grant: xmlList(
        xmlStruct({
          Grantee: granteeSchema,
          Permission: xmlText.optional(),
        }),
      ).optional(),
    }).optional(),
    TargetPrefix: xmlText,
    TargetObjectKeyFormat: xmlStruct({
      SimplePrefix: xmlStruct({}).optional(),
      PartitionedPrefix: xmlStruct({ PartitionDateSource: xmlText.optional() }).optional(),
    }).optional(),
  }).optional(),
});

export const loggingOperations: S3Handlers = {
  /** Turns server access logging on (LoggingEnabled) or off (an empty BucketLoggingStatus). */
  async PutBucketLogging({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const config = readConfigXml(req.body, ROOT, loggingSchema);
    const enabled = config.LoggingEnabled;
    if (!enabled) {
      deleteConfig(state, b, "logging");
      return emptyResponse(200);
    }
    const target = state.buckets.get(enabled.TargetBucket);
    if (!target) {
      throw new AwsError(
        "InvalidTargetBucketForLogging",
        "The target bucket for logging does not exist",
        400,
        {
          fields: { TargetBucket: enabled.TargetBucket },
        },
      );
    }
    if (target.region !== b.region) {
      // S3 names the source's location too, except for a source in us-east-1.
      throw new AwsError("CrossLocationLoggingProhibitted", "Cross S3 location logging not allowed. ", 403, {
        fields:
          b.region === "us-east-1"
            ? { TargetBucketLocation: target.region }
            : { SourceBucketLocation: b.region, TargetBucketLocation: target.region },
      });
    }
    const grants = enabled.TargetGrants?.Grant?.map(({ Grantee, Permission }) => ({
      Grantee: granteeXml(granteeOf(Grantee)),
      Permission,
    }));
    const stored = {
      LoggingEnabled: {
        ...enabled,
        TargetGrants: enabled.TargetGrants ? { Grant: grants } : undefined,
      },
    };
    putConfig(state, b, "logging", { body: configXml(ROOT, stored) });
    return emptyResponse(200);
  },

  /** Logging off: an empty BucketLoggingStatus. */
  GetBucketLogging({ state, bucket }) {
    return storedXmlResponse(storedBody(state.bucket(bucket), "logging") ?? configXml(ROOT, {}));
  },
};
