import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { corsConfigurationSchema } from "../../cors-rules.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { configXml, readConfigXml, storedXmlResponse } from "./config-xml.ts";
import { deleteConfig, putConfig, storedBody } from "./stored-config.ts";

const METHODS = new Set(["GET", "PUT", "HEAD", "POST", "DELETE"]);
const MAX_RULES = 100;

export const corsConfigOperations: S3Handlers = {
  async PutBucketCors({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const config = readConfigXml(req.body, "CORSConfiguration", corsConfigurationSchema);
    const rules = config.CORSRule;
    if (rules.length === 0 || rules.length > MAX_RULES) throw s3Errors.malformedXml();
    for (const rule of rules) {
      for (const method of rule.AllowedMethod) {
        if (!METHODS.has(method)) {
          throw s3Errors.invalidRequest(
            `Found unsupported HTTP method in CORS config. Unsupported method is ${method}`,
          );
        }
      }
      for (const origin of rule.AllowedOrigin) {
        if (origin.split("*").length > 2) {
          throw s3Errors.invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
        }
      }
      for (const header of rule.AllowedHeader ?? []) {
        if (header.split("*").length > 2) {
          throw s3Errors.invalidRequest(`AllowedHeader "${header}" can not have more than one wildcard.`);
        }
      }
    }
    putConfig(state, b, "cors", { body: configXml("CORSConfiguration", config) });
    return emptyResponse(200);
  },

  GetBucketCors({ state, bucket }) {
    const body = storedBody(state.bucket(bucket), "cors");
    if (body === undefined) {
      throw s3Errors.notConfigured(
        "NoSuchCORSConfiguration",
        "The CORS configuration does not exist",
        bucket,
      );
    }
    return storedXmlResponse(body);
  },

  DeleteBucketCors({ state, bucket }) {
    deleteConfig(state, state.bucket(bucket), "cors");
    return emptyResponse(204);
  },
};
