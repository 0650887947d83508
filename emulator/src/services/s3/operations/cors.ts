import { AwsError } from "../../../protocol/aws-error.ts";
import { emptyResponse } from "../codec.ts";
import { corsHeaders, corsRequestOf, corsRulesOf, matchCorsRule } from "../cors-rules.ts";
import type { S3Handlers } from "../handler.ts";

const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

/** S3's 403 for a refused preflight, naming the method asked for and what was addressed. */
function forbidden(message: string, method: string, resourceType: "BUCKET" | "OBJECT"): AwsError {
  return new AwsError("AccessForbidden", message, 403, {
    fields: { Method: method, ResourceType: resourceType },
  });
}

export const corsOperations: S3Handlers = {
  /** OPTIONS on a bucket or object: unauthenticated, answered from the bucket's CORS rules. */
  PreflightRequest({ state, req, bucket, key }) {
    const request = corsRequestOf(req);
    if (!request) {
      throw new AwsError("BadRequest", "Insufficient information. Origin request header needed.", 400);
    }
    const method = req.headers["access-control-request-method"] ?? "OPTIONS";
    const record = state.buckets.get(bucket);
    if (!record) throw forbidden("CORSResponse: Bucket not found", method, "BUCKET");
    const rules = corsRulesOf(record);
    if (!rules) throw forbidden("CORSResponse: CORS is not enabled for this bucket.", method, "BUCKET");
    const rule = matchCorsRule(rules, request);
    if (!rule) throw forbidden(NOT_ALLOWED, method, key === "" ? "BUCKET" : "OBJECT");
    return emptyResponse(200, corsHeaders(rule, request));
  },
};
