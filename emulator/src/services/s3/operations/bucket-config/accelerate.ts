import { verifyRequestChecksums } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { configXml, readConfigXml, storedXmlResponse, xmlEnum, xmlStruct } from "./config-xml.ts";
import { putConfig, storedBody } from "./stored-config.ts";

const ROOT = "AccelerateConfiguration";
const accelerateSchema = xmlStruct({ Status: xmlEnum(["Enabled", "Suspended"]).optional() });

export const accelerateOperations: S3Handlers = {
  async PutBucketAccelerateConfiguration({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await verifyRequestChecksums(req, req.body);
    const config = readConfigXml(req.body, ROOT, accelerateSchema);
    if (bucket.includes(".")) {
      throw s3Errors.invalidRequest(
        "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names",
      );
    }
    putConfig(state, b, "accelerate", { body: configXml(ROOT, config) });
    return emptyResponse(200);
  },

  /** Never configured: an empty configuration, as S3 answers. */
  GetBucketAccelerateConfiguration({ state, bucket }) {
    return storedXmlResponse(storedBody(state.bucket(bucket), "accelerate") ?? configXml(ROOT, {}));
  },
};
