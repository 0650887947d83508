import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { configXml, readConfigXml, storedXmlResponse, xmlBool, xmlStruct } from "./config-xml.ts";
import { configEntry, deleteConfig, putConfig } from "./stored-config.ts";

const ROOT = "PublicAccessBlockConfiguration";

const publicAccessBlockSchema = xmlStruct({
  BlockPublicAcls: xmlBool.optional(),
  IgnorePublicAcls: xmlBool.optional(),
  BlockPublicPolicy: xmlBool.optional(),
  RestrictPublicBuckets: xmlBool.optional(),
});

/** New buckets block all public access (S3's default since April 2023). */
const ALL_BLOCKED = configXml(ROOT, {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
});

export const publicAccessBlockOperations: S3Handlers = {
  async PutPublicAccessBlock({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const c = readConfigXml(req.body, ROOT, publicAccessBlockSchema);
    // S3 stores all four settings, false where the request left one out.
    const body = configXml(ROOT, {
      BlockPublicAcls: c.BlockPublicAcls ?? "false",
      IgnorePublicAcls: c.IgnorePublicAcls ?? "false",
      BlockPublicPolicy: c.BlockPublicPolicy ?? "false",
      RestrictPublicBuckets: c.RestrictPublicBuckets ?? "false",
    });
    putConfig(state, b, "publicAccessBlock", { body });
    return emptyResponse(200);
  },

  GetPublicAccessBlock({ state, bucket }) {
    const entry = configEntry(state.bucket(bucket), "publicAccessBlock");
    if (entry.kind === "removed") {
      throw s3Errors.notConfigured(
        "NoSuchPublicAccessBlockConfiguration",
        "The public access block configuration was not found",
        bucket,
      );
    }
    return storedXmlResponse(entry.kind === "set" ? entry.value.body : ALL_BLOCKED);
  },

  DeletePublicAccessBlock({ state, bucket }) {
    deleteConfig(state, state.bucket(bucket), "publicAccessBlock", true);
    return emptyResponse(204);
  },
};
