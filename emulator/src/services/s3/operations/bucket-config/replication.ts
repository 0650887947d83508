import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { tagSchema } from "../../tags.ts";
import {
  configXml,
  readConfigXml,
  storedXmlResponse,
  xmlInt,
  xmlList,
  xmlStruct,
  xmlText,
} from "./config-xml.ts";
import { deleteConfig, generatedId, putConfig, storedBody } from "./stored-config.ts";

const ROOT = "ReplicationConfiguration";

const status = xmlStruct({ Status: xmlText });
const minutes = xmlStruct({ Minutes: xmlInt.optional() });

/** Members in the order of S3's model (botocore's ReplicationRule). */
const replicationSchema = xmlStruct({
  Role: xmlText,
  Rule: xmlList(
    xmlStruct({
      ID: xmlText.optional(),
      Priority: xmlInt.optional(),
      Prefix: xmlText.optional(),
      Filter: xmlStruct({
        Prefix: xmlText.optional(),
        Tag: tagSchema.optional(),
        And: xmlStruct({ Prefix: xmlText.optional(), Tag: xmlList(tagSchema).optional() }).optional(),
      }).optional(),
      Status: xmlText,
      SourceSelectionCriteria: xmlStruct({
        SseKmsEncryptedObjects: status.optional(),
        ReplicaModifications: status.optional(),
      }).optional(),
      ExistingObjectReplication: status.optional(),
      Destination: xmlStruct({
        Bucket: xmlText,
        Account: xmlText.optional(),
        StorageClass: xmlText.optional(),
        AccessControlTranslation: xmlStruct({ Owner: xmlText }).optional(),
        EncryptionConfiguration: xmlStruct({ ReplicaKmsKeyID: xmlText.optional() }).optional(),
        ReplicationTime: xmlStruct({ Status: xmlText, Time: minutes }).optional(),
        Metrics: xmlStruct({ Status: xmlText, EventThreshold: minutes.optional() }).optional(),
      }),
      DeleteMarkerReplication: xmlStruct({ Status: xmlText.optional() }).optional(),
    }),
  ),
});

/** "arn:aws:s3:::bucket" (or a bare name) to the bucket name. */
const bucketOfArn = (arn: string) => arn.replace(/^arn:[^:]+:s3:::/, "");

export const replicationOperations: S3Handlers = {
  async PutBucketReplication({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    if (b.versioning !== "Enabled") {
      throw s3Errors.invalidRequest(
        "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
      );
    }
    const config = readConfigXml(req.body, ROOT, replicationSchema);
    if (config.Rule.length === 0) throw s3Errors.malformedXml();
    for (const rule of config.Rule) {
      if (rule.Status !== "Enabled" && rule.Status !== "Disabled") throw s3Errors.malformedXml();
      // The destination must exist and keep versions; S3 says the same when it does not exist.
      const destination = state.buckets.get(bucketOfArn(rule.Destination.Bucket));
      if (destination?.versioning !== "Enabled") {
        throw s3Errors.invalidRequest("Destination bucket must have versioning enabled.");
      }
      rule.ID ??= generatedId();
    }
    // Parsing again puts generated IDs in their place in the model's element order.
    putConfig(state, b, "replication", { body: configXml(ROOT, replicationSchema.parse(config)) });
    return emptyResponse(200);
  },

  GetBucketReplication({ state, bucket }) {
    const body = storedBody(state.bucket(bucket), "replication");
    if (body === undefined) {
      throw s3Errors.notConfigured(
        "ReplicationConfigurationNotFoundError",
        "The replication configuration was not found",
        bucket,
      );
    }
    return storedXmlResponse(body);
  },

  DeleteBucketReplication({ state, bucket }) {
    deleteConfig(state, state.bucket(bucket), "replication");
    return emptyResponse(204);
  },
};
