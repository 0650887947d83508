import { AwsError } from "../../../../protocol/aws-error.ts";
import { requireChecksum } from "../../checksums.ts";
import { emptyResponse, xmlResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { deleteConfig, putConfig, storedBody } from "./stored-config.ts";

function malformedPolicy(message: string): AwsError {
  return new AwsError("MalformedPolicy", message, 400);
}

const NOT_JSON = "Policies must be valid JSON and the first byte must be '{'";

/** Parses a bucket policy the way S3 first checks one: a JSON object with a Statement. */
function parsePolicy(text: string): Record<string, unknown> {
  if (!text.startsWith("{")) throw malformedPolicy(NOT_JSON);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformedPolicy(NOT_JSON);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw malformedPolicy(NOT_JSON);
  const policy = doc as Record<string, unknown>;
  if (policy.Statement === undefined) throw malformedPolicy("Missing required field Statement");
  return policy;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A policy is public when it allows anyone ("*") without a condition narrowing who. */
function isPublic(policy: Record<string, unknown>): boolean {
  return asList(policy.Statement).some((s) => {
    if (typeof s !== "object" || s === null) return false;
    const st = s as Record<string, unknown>;
    if (st.Effect !== "Allow" || st.Condition !== undefined) return false;
    const principal = st.Principal;
    if (principal === "*") return true;
    if (typeof principal !== "object" || principal === null) return false;
    return asList((principal as Record<string, unknown>).AWS).includes("*");
  });
}

function noPolicy(bucket: string): AwsError {
  return s3Errors.notConfigured("NoSuchBucketPolicy", "The bucket policy does not exist", bucket);
}

export const policyOperations: S3Handlers = {
  async PutBucketPolicy({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const text = req.body.toString("utf8");
    parsePolicy(text);
    putConfig(state, b, "policy", { body: text, contentType: "application/json" });
    return emptyResponse(204);
  },

  /** The policy exactly as it was put. */
  GetBucketPolicy({ state, bucket }) {
    const body = storedBody(state.bucket(bucket), "policy");
    if (body === undefined) throw noPolicy(bucket);
    return { status: 200, headers: { "content-type": "application/json" }, body };
  },

  DeleteBucketPolicy({ state, bucket }) {
    deleteConfig(state, state.bucket(bucket), "policy");
    return emptyResponse(204);
  },

  GetBucketPolicyStatus({ state, bucket }) {
    const body = storedBody(state.bucket(bucket), "policy");
    if (body === undefined) throw noPolicy(bucket);
    return xmlResponse("PolicyStatus", { IsPublic: isPublic(parsePolicy(body)) });
  },
};
