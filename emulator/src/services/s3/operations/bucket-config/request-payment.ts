import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import type { S3Handlers } from "../../handler.ts";
import { configXml, readConfigXml, storedXmlResponse, xmlEnum, xmlStruct } from "./config-xml.ts";
import { putConfig, storedBody } from "./stored-config.ts";

const ROOT = "RequestPaymentConfiguration";
const requestPaymentSchema = xmlStruct({ Payer: xmlEnum(["BucketOwner", "Requester"]) });

export const requestPaymentOperations: S3Handlers = {
  async PutBucketRequestPayment({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const config = readConfigXml(req.body, ROOT, requestPaymentSchema);
    putConfig(state, b, "requestPayment", { body: configXml(ROOT, config) });
    return emptyResponse(200);
  },

  /** The bucket owner pays unless configured otherwise. */
  GetBucketRequestPayment({ state, bucket }) {
    return storedXmlResponse(
      storedBody(state.bucket(bucket), "requestPayment") ?? configXml(ROOT, { Payer: "BucketOwner" }),
    );
  },
};
