import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { configXml, readConfigXml, storedXmlResponse, xmlList, xmlStruct, xmlText } from "./config-xml.ts";
import { deleteConfig, putConfig, storedBody } from "./stored-config.ts";

const ROOT = "WebsiteConfiguration";

/** Members in the order GetBucketWebsite writes them. */
const websiteSchema = xmlStruct({
  RedirectAllRequestsTo: xmlStruct({ HostName: xmlText, Protocol: xmlText.optional() }).optional(),
  IndexDocument: xmlStruct({ Suffix: xmlText.optional() }).optional(),
  ErrorDocument: xmlStruct({ Key: xmlText.optional() }).optional(),
  RoutingRules: xmlStruct({
    RoutingRule: xmlList(
      xmlStruct({
        Condition: xmlStruct({
          HttpErrorCodeReturnedEquals: xmlText.optional(),
          KeyPrefixEquals: xmlText.optional(),
        }).optional(),
        Redirect: xmlStruct({
          HostName: xmlText.optional(),
          HttpRedirectCode: xmlText.optional(),
          Protocol: xmlText.optional(),
          ReplaceKeyPrefixWith: xmlText.optional(),
          ReplaceKeyWith: xmlText.optional(),
        }),
      }),
    ).optional(),
  }).optional(),
});

const BAD_PROTOCOL =
  "Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.";
const isProtocol = (p: string | undefined) => p === undefined || p === "http" || p === "https";

export const websiteOperations: S3Handlers = {
  async PutBucketWebsite({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const config = readConfigXml(req.body, ROOT, websiteSchema);
    if (config.RedirectAllRequestsTo) {
      if (config.IndexDocument || config.ErrorDocument || config.RoutingRules) {
        throw s3Errors.invalidArgument(
          "RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.",
          "RedirectAllRequestsTo",
          "not null",
        );
      }
      if (!isProtocol(config.RedirectAllRequestsTo.Protocol)) throw s3Errors.invalidRequest(BAD_PROTOCOL);
    } else {
      const suffix = config.IndexDocument?.Suffix;
      if (!config.IndexDocument) {
        throw s3Errors.invalidArgument(
          "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty",
          "IndexDocument",
          "null",
        );
      }
      if (!suffix || suffix.includes("/")) {
        throw s3Errors.invalidArgument(
          "The IndexDocument Suffix is not well formed",
          "IndexDocument",
          suffix ?? "",
        );
      }
      if (config.ErrorDocument && !config.ErrorDocument.Key) throw s3Errors.malformedXml();
      const rules = config.RoutingRules ? (config.RoutingRules.RoutingRule ?? []) : undefined;
      if (rules && rules.length === 0) throw s3Errors.malformedXml();
      for (const rule of rules ?? []) {
        if (rule.Redirect.ReplaceKeyPrefixWith !== undefined && rule.Redirect.ReplaceKeyWith !== undefined) {
          throw s3Errors.invalidRequest("You can only define ReplaceKeyPrefix or ReplaceKey but not both.");
        }
        if (rule.Condition && Object.keys(rule.Condition).length === 0) {
          throw s3Errors.invalidRequest(
            "Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present.",
          );
        }
        if (!isProtocol(rule.Redirect.Protocol)) throw s3Errors.invalidRequest(BAD_PROTOCOL);
      }
    }
    putConfig(state, b, "website", { body: configXml(ROOT, config) });
    return emptyResponse(200);
  },

  GetBucketWebsite({ state, bucket }) {
    const body = storedBody(state.bucket(bucket), "website");
    if (body === undefined) {
      throw s3Errors.notConfigured(
        "NoSuchWebsiteConfiguration",
        "The specified bucket does not have a website configuration",
        bucket,
      );
    }
    return storedXmlResponse(body);
  },

  DeleteBucketWebsite({ state, bucket }) {
    deleteConfig(state, state.bucket(bucket), "website");
    return emptyResponse(204);
  },
};
