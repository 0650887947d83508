import { createHmac } from "node:crypto";
import { getSigningKey } from "@smithy/signature-v4";
import { z } from "zod";
import { NodeSha256 } from "../../auth/hash.ts";
import { safeEqual } from "../../auth/sigv4.ts";
import { AwsError } from "../../protocol/aws-error.ts";
import { s3Errors } from "./errors.ts";
import type { FormField } from "./multipart-form.ts";

/**
 * Browser POST uploads (POST Object): who signed the form, whether the signature
 * over the policy holds, and whether the form meets the policy's conditions. The
 * messages are S3's as observed on the wire, which differ from its error table.
 */

/** Form fields by lower-cased name (S3 matches names case-insensitively); repeats joined with commas. */
export type FieldMap = Map<string, { name: string; value: string }>;

export function fieldMap(fields: FormField[]): FieldMap {
  const out: FieldMap = new Map();
  for (const f of fields) {
    const lower = f.name.toLowerCase();
    const seen = out.get(lower);
    out.set(lower, seen ? { name: seen.name, value: `${seen.value},${f.value}` } : { ...f });
  }
  return out;
}

export type PostSigner =
  | {
      version: "v4";
      accessKeyId: string;
      credential: string;
      scopeDate: string;
      region: string;
      service: string;
      signature: string;
      policy: string;
      sessionToken?: string;
    }
  | { version: "v2"; accessKeyId: string; signature: string; policy: string; sessionToken?: string }
  | { version: "anonymous" };

function missingField(name: string): AwsError {
  return s3Errors.invalidArgument(
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    name,
    "",
  );
}

/** S3's answer for a form without a (usable) key field. */
export function missingKey(): AwsError {
  return missingField("key");
}

const V4_FIELDS = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Signature"];
const V2_FIELDS = ["AWSAccessKeyId", "Signature"];

/**
 * Reads the signature fields: SigV4 (x-amz-algorithm, -credential, -date, -signature),
 * SigV2 (AWSAccessKeyId, signature), or none, which makes the request anonymous.
 * Once any field of a set is present, all of them (and the policy) must be.
 */
export function readPostSigner(fields: FieldMap): PostSigner {
  const get = (name: string) => fields.get(name.toLowerCase())?.value;
  const policy = get("policy");
  const token = get("x-amz-security-token");
  const sessionToken = token === undefined ? {} : { sessionToken: token };
  if (V4_FIELDS.some((n) => get(n) !== undefined)) {
    for (const n of V4_FIELDS) if (get(n) === undefined) throw missingField(n);
    if (policy === undefined) throw missingField("Policy");
    const algorithm = get("x-amz-algorithm")!;
    if (algorithm !== "AWS4-HMAC-SHA256") {
      throw s3Errors.invalidArgument(
        'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
        "X-Amz-Algorithm",
        algorithm,
      );
    }
    const date = get("x-amz-date")!;
    if (!/^\d{8}T\d{6}Z$/.test(date)) {
      throw s3Errors.invalidArgument(
        "X-Amz-Date must be formated via ISO8601 Long format",
        "X-Amz-Date",
        date,
      );
    }
    const credential = get("x-amz-credential")!;
    return {
      version: "v4",
      ...parseCredential(credential),
      credential,
      signature: get("x-amz-signature")!,
      policy,
      ...sessionToken,
    };
  }
  if (V2_FIELDS.some((n) => get(n) !== undefined)) {
    for (const n of V2_FIELDS) if (get(n) === undefined) throw missingField(n);
    if (policy === undefined) throw missingField("Policy");
    return {
      version: "v2",
      accessKeyId: get("awsaccesskeyid")!,
      signature: get("signature")!,
      policy,
      ...sessionToken,
    };
  }
  return { version: "anonymous" };
}

/** `<AKID>/<yyyyMMdd>/<region>/s3/aws4_request`, with S3's complaint about each part. */
function parseCredential(credential: string) {
  const bad = (message: string) => s3Errors.invalidArgument(message, "X-Amz-Credential", credential);
  const parts = credential.split("/");
  if (parts.length !== 5) {
    throw bad('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  }
  const [accessKeyId, scopeDate, region, service, terminal] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (accessKeyId === "") throw bad("a non-empty Access Key (AKID) must be provided in the credential.");
  if (!/^\d{8}$/.test(scopeDate)) {
    throw bad(
      `incorrect date format "${scopeDate}". This date in the credential must be in the format "yyyyMMdd".`,
    );
  }
  if (service !== "s3") throw bad(`incorrect service "${service}". This endpoint belongs to "s3".`);
  if (terminal !== "aws4_request")
    throw bad(`incorrect terminal "${terminal}". This endpoint uses "aws4_request".`);
  return { accessKeyId, scopeDate, region, service };
}

/**
 * Checks the signature over the base64 policy exactly as sent: SigV4 is the hex
 * HMAC-SHA256 under the credential scope's signing key, SigV2 the base64 HMAC-SHA1
 * under the secret key.
 */
export async function verifyPolicySignature(
  signer: Exclude<PostSigner, { version: "anonymous" }>,
  secretAccessKey: string,
): Promise<void> {
  let expected: string;
  let provided = signer.signature;
  if (signer.version === "v4") {
    const key = await getSigningKey(
      NodeSha256,
      { accessKeyId: signer.accessKeyId, secretAccessKey },
      signer.scopeDate,
      signer.region,
      signer.service,
    );
    expected = createHmac("sha256", key).update(signer.policy, "utf8").digest("hex");
    provided = provided.toLowerCase();
  } else {
    expected = createHmac("sha1", secretAccessKey).update(signer.policy, "utf8").digest("base64");
  }
  if (safeEqual(expected, provided)) return;
  throw new AwsError(
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    403,
    {
      fields: {
        AWSAccessKeyId: signer.accessKeyId,
        StringToSign: signer.policy,
        SignatureProvided: signer.signature,
        StringToSignBytes: [...Buffer.from(signer.policy, "utf8")]
          .map((b) => b.toString(16).padStart(2, "0"))
          .join(" "),
      },
    },
  );
}

function invalidPolicy(detail: string): AwsError {
  return new AwsError("InvalidPolicyDocument", `Invalid Policy: ${detail}`, 400);
}

function policyFailed(detail: string): AwsError {
  return s3Errors.accessDenied(`Invalid according to Policy: ${detail}`);
}

const conditionSchema = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())], {
  error: "Invalid condition test: must be a List or Object.",
});

/** The policy document: exactly these two members, both required. */
const policySchema = z.strictObject(
  {
    expiration: z.string({
      error: (issue) =>
        issue.input === undefined
          ? "Policy missing expiration."
          : `Invalid 'expiration' value: '${String(issue.input)}'`,
    }),
    conditions: z.array(conditionSchema, {
      error: (issue) =>
        issue.input === undefined
          ? "Policy missing conditions."
          : "Invalid 'conditions' value: must be a List.",
    }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Unexpected: '${String(issue.keys[0]).toLowerCase()}'`
        : "Invalid JSON.",
  },
);

/** One condition, normalised; `text` is how S3 quotes it when it fails. */
export type PolicyCondition =
  | { kind: "match"; op: "eq" | "starts-with"; field: string; value: string; text: string }
  | { kind: "range"; min: unknown; max: unknown; text: string };

export interface PostPolicy {
  expiration: Date;
  conditions: PolicyCondition[];
}

const EXPIRATION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Decodes and validates the base64 JSON policy; InvalidPolicyDocument when it is not one. */
export function decodePolicy(policy: string): PostPolicy {
  // Some encoders wrap base64 lines; the signature covers the text as sent, the JSON its decoding.
  const compact = policy.replace(/\s+/g, "");
  if (compact === "") throw invalidPolicy("Expecting '{' but found End-of-Input");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw invalidPolicy("invalid Base64 encoding.");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(compact, "base64").toString("utf8"));
  } catch {
    throw invalidPolicy("Invalid JSON.");
  }
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!;
    throw invalidPolicy(first.message);
  }
  const { expiration, conditions } = parsed.data;
  const expires = EXPIRATION.test(expiration) ? Date.parse(expiration) : Number.NaN;
  if (Number.isNaN(expires)) throw invalidPolicy(`Invalid 'expiration' value: '${expiration}'`);
  return { expiration: new Date(expires), conditions: conditions.map(parseCondition) };
}

/** S3 quotes a condition as a JSON array with ", " between items. */
function quote(items: unknown[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;
}

function parseCondition(condition: unknown[] | Record<string, unknown>): PolicyCondition {
  if (!Array.isArray(condition)) {
    const entries = Object.entries(condition);
    if (entries.length !== 1) {
      throw invalidPolicy(
        "Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.",
      );
    }
    const [name, value] = entries[0]!;
    if (value === null) throw invalidPolicy("Invalid JSON.");
    if (typeof value !== "string") throw invalidPolicy("Invalid Simple-Condition: value must be a string.");
    const field = `$${name}`;
    return { kind: "match", op: "eq", field, value, text: quote(["eq", field, value]) };
  }
  const [op, ...args] = condition;
  if (typeof op !== "string" || op === "")
    throw invalidPolicy("Invalid Condition: missing operation identifier.");
  const lower = op.toLowerCase();
  if (lower !== "eq" && lower !== "starts-with" && lower !== "content-length-range") {
    throw invalidPolicy(`Invalid Condition: unknown operation '${op}'.`);
  }
  if (args.length !== 2) throw invalidPolicy(`Invalid ${op}: wrong number of arguments.`);
  const [a, b] = args as [unknown, unknown];
  const text = quote(condition);
  if (lower === "content-length-range") {
    // Integers or numeric strings; a fraction is not JSON S3 accepts.
    const valid = (v: unknown) => typeof v === "string" || (typeof v === "number" && Number.isInteger(v));
    if (!valid(a) || !valid(b)) throw invalidPolicy("Invalid JSON.");
    return { kind: "range", min: a, max: b, text };
  }
  if (typeof a !== "string" || typeof b !== "string") throw invalidPolicy("Invalid JSON.");
  return { kind: "match", op: lower, field: a, value: b, text };
}

/** Fields no condition needs to cover. */
const UNCHECKED_FIELDS = new Set(["policy", "x-amz-signature", "file", "awsaccesskeyid", "signature"]);

function bound(value: unknown): number {
  if (typeof value === "number") return value;
  return typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * Enforces the policy: its expiration, every condition in order (the bucket is the one
 * the form was posted to, whatever a `bucket` field says), then that every field is
 * named by some condition.
 */
export function checkPolicy(
  policy: PostPolicy,
  fields: FieldMap,
  bucket: string,
  size: number,
  now: Date,
): void {
  if (now.getTime() > policy.expiration.getTime()) throw policyFailed("Policy expired.");
  const covered = new Set<string>();
  for (const c of policy.conditions) {
    if (c.kind === "range") {
      const min = bound(c.min);
      const max = bound(c.max);
      if (Number.isNaN(min) || Number.isNaN(max)) throw policyFailed(`Policy Condition failed: ${c.text}`);
      if (size < min) throw s3Errors.entityTooSmall(size, min);
      if (size > max) throw s3Errors.entityTooLarge(size, max);
      continue;
    }
    // A field is named with a leading "$"; without it the condition names nothing and fails.
    const name = c.field.startsWith("$") ? c.field.slice(1).toLowerCase() : null;
    if (name === null) throw policyFailed(`Policy Condition failed: ${c.text}`);
    covered.add(name);
    const actual = name === "bucket" ? bucket : fields.get(name)?.value;
    if (actual === undefined || !matches(c.op, name, actual, c.value)) {
      throw policyFailed(`Policy Condition failed: ${c.text}`);
    }
  }
  const extra = [...fields]
    .filter(
      ([lower]) => !UNCHECKED_FIELDS.has(lower) && !lower.startsWith("x-ignore-") && !covered.has(lower),
    )
    .map(([, f]) => f.name);
  if (extra.length > 0) throw policyFailed(`Extra input fields: ${extra.join(", ")}`);
}

function matches(op: "eq" | "starts-with", name: string, actual: string, expected: string): boolean {
  if (op === "eq") return actual === expected;
  // A Content-Type may list several types; each must pass.
  if (name === "content-type") return actual.split(",").every((t) => t.trim().startsWith(expected));
  return actual.startsWith(expected);
}
