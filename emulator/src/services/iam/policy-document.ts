import { limitExceeded, malformedPolicy } from "./errors.ts";

/** Identity policies (inline and managed) grant permissions; trust policies say who may assume a role. */
export type PolicyKind = "identity" | "trust";

const TOP_LEVEL = new Set(["Version", "Id", "Statement"]);
const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
const VERSIONS = new Set(["2008-10-17", "2012-10-17"]);

const SYNTAX = "Syntax errors in policy.";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringOrStrings(v: unknown): boolean {
  return typeof v === "string" || (Array.isArray(v) && v.every((s) => typeof s === "string"));
}

function hasEither(statement: Record<string, unknown>, a: string, b: string): boolean {
  const v = statement[a] ?? statement[b];
  return v !== undefined && !(Array.isArray(v) && v.length === 0);
}

/**
 * Checks a policy document the way IAM does before storing it: JSON, a known
 * grammar, and the elements each kind of policy requires or forbids.
 */
export function validatePolicyDocument(text: string, kind: PolicyKind): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformedPolicy(SYNTAX);
  }
  if (!isObject(doc) || Object.keys(doc).some((k) => !TOP_LEVEL.has(k))) throw malformedPolicy(SYNTAX);
  if (doc.Version !== undefined && (typeof doc.Version !== "string" || !VERSIONS.has(doc.Version))) {
    throw malformedPolicy(SYNTAX);
  }
  if (doc.Id !== undefined && typeof doc.Id !== "string") throw malformedPolicy(SYNTAX);
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (statements.length === 0 || !statements.every(isObject)) throw malformedPolicy(SYNTAX);
  for (const s of statements) {
    if (Object.keys(s).some((k) => !STATEMENT_KEYS.has(k))) throw malformedPolicy(SYNTAX);
    if (s.Effect !== "Allow" && s.Effect !== "Deny") throw malformedPolicy(SYNTAX);
    for (const k of ["Action", "NotAction", "Resource", "NotResource"]) {
      if (s[k] !== undefined && !isStringOrStrings(s[k])) throw malformedPolicy(SYNTAX);
    }
    if (s.Condition !== undefined && !isObject(s.Condition)) throw malformedPolicy(SYNTAX);
  }
  if (doc.Version === undefined)
    throw malformedPolicy("Policy document must be version 2012-10-17 or greater.");
  for (const s of statements) {
    if (!hasEither(s, "Action", "NotAction")) throw malformedPolicy("Policy statement must contain actions.");
    if (kind === "identity") {
      if (s.Principal !== undefined || s.NotPrincipal !== undefined) {
        throw malformedPolicy("Policy document should not specify a principal.");
      }
      if (!hasEither(s, "Resource", "NotResource")) {
        throw malformedPolicy("Policy statement must contain resources.");
      }
    } else {
      if (s.Resource !== undefined || s.NotResource !== undefined) {
        throw malformedPolicy("Has prohibited field Resource.");
      }
      if (s.Principal === undefined && s.NotPrincipal === undefined) {
        throw malformedPolicy("Missing required field Principal");
      }
    }
  }
}

/** IAM's size quotas do not count white space. */
export function policySize(text: string): number {
  return text.replace(/\s/g, "").length;
}

/** Managed policy documents: 6,144 characters. */
export function checkManagedPolicySize(text: string): void {
  if (policySize(text) > 6144) throw limitExceeded("Cannot exceed quota for PolicySize: 6144");
}

/** Trust policies: 2,048 characters by default. */
export function checkTrustPolicySize(text: string): void {
  if (policySize(text) > 2048) throw limitExceeded("Cannot exceed quota for ACLSizePerRole: 2048");
}

/** IAM returns policy documents URL-encoded; clients (the SDKs, Terraform) decode them. */
export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text);
}
