import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import {
  configXml,
  readConfigXml,
  storedXmlResponse,
  xmlBool,
  xmlList,
  xmlStruct,
  xmlText,
} from "./config-xml.ts";
import { deleteConfig, putConfig, storedBody } from "./stored-config.ts";

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

const encryptionSchema = xmlStruct({
  Rule: xmlList(
    xmlStruct({
      ApplyServerSideEncryptionByDefault: xmlStruct({
        SSEAlgorithm: xmlText,
        KMSMasterKeyID: xmlText.optional(),
      }).optional(),
      BucketKeyEnabled: xmlBool.optional(),
      BlockedEncryptionTypes: xmlStruct({ EncryptionType: xmlList(xmlText).optional() }).optional(),
    }),
  ),
});

/** Every bucket encrypts with SSE-S3 unless configured otherwise (S3's default since January 2023). */
const DEFAULT_ENCRYPTION = configXml("ServerSideEncryptionConfiguration", {
  Rule: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }],
});

export const encryptionOperations: S3Handlers = {
  async PutBucketEncryption({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const config = readConfigXml(req.body, "ServerSideEncryptionConfiguration", encryptionSchema);
    const rule = config.Rule.length === 1 ? config.Rule[0]! : undefined;
    const byDefault = rule?.ApplyServerSideEncryptionByDefault;
    if (!rule || !byDefault || !ALGORITHMS.includes(byDefault.SSEAlgorithm)) throw s3Errors.malformedXml();
    if (byDefault.KMSMasterKeyID !== undefined && byDefault.SSEAlgorithm === "AES256") {
      throw s3Errors.invalidArgument(
        "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
        "ApplyServerSideEncryptionByDefault",
        "null",
      );
    }
    // S3 reports BucketKeyEnabled either way.
    const stored = { Rule: [{ ...rule, BucketKeyEnabled: rule.BucketKeyEnabled ?? "false" }] };
    putConfig(state, b, "encryption", {
      body: configXml("ServerSideEncryptionConfiguration", encryptionSchema.parse(stored)),
    });
    return emptyResponse(200);
  },

  GetBucketEncryption({ state, bucket }) {
    return storedXmlResponse(storedBody(state.bucket(bucket), "encryption") ?? DEFAULT_ENCRYPTION);
  },

  /** Deleting puts the bucket back on the SSE-S3 default, as S3 does. */
  DeleteBucketEncryption({ state, bucket }) {
    deleteConfig(state, state.bucket(bucket), "encryption");
    return emptyResponse(204);
  },
};
