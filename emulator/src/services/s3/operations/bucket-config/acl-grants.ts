import type { z } from "zod";
import type { HttpRequest } from "../../../../gateway/http.ts";
import { AwsError } from "../../../../protocol/aws-error.ts";
import type { XmlObject } from "../../../../protocol/xml.ts";
import { s3Errors } from "../../errors.ts";
import type { BucketRecord } from "../../model.ts";
import { canonicalUserId, ownerOf } from "../../owner.ts";
import { configXml, readConfigXml, xmlList, xmlStruct, xmlText } from "./config-xml.ts";

/** Access control lists as S3 keeps them: an owner and grants of a permission to a grantee. */

const XSI = "http://www.w3.org/2001/XMLSchema-instance";
const GROUPS = {
  AllUsers: "http://acs.amazonaws.com/groups/global/AllUsers",
  AuthenticatedUsers: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
  LogDelivery: "http://acs.amazonaws.com/groups/s3/LogDelivery",
};
const VALID_GROUPS = new Set(Object.values(GROUPS));
const PERMISSIONS = new Set(["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"]);
const GRANTEE_TYPES = new Set(["CanonicalUser", "Group", "AmazonCustomerByEmail"]);

export interface Grantee {
  type: string;
  id?: string;
  displayName?: string;
  email?: string;
  uri?: string;
}

export interface Grant {
  grantee: Grantee;
  permission: string;
}

/** A <Grantee>: its xsi:type attribute parses as "@type". */
export const granteeSchema = xmlStruct({
  "@type": xmlText,
  ID: xmlText.optional(),
  DisplayName: xmlText.optional(),
  EmailAddress: xmlText.optional(),
  URI: xmlText.optional(),
});

const policySchema = xmlStruct({
  Owner: xmlStruct({ ID: xmlText.optional(), DisplayName: xmlText.optional() }),
  AccessControlList: xmlStruct({
    Grant: xmlList(xmlStruct({ Grantee: granteeSchema, Permission: xmlText })).optional(),
  }),
});

function malformedAcl(): AwsError {
  return new AwsError(
    "MalformedACLError",
    "The XML you provided was not well-formed or did not validate against our published schema",
    400,
  );
}

const isCanonicalId = (id: string) => /^[0-9a-f]{64}$/.test(id);

function ownerGrant(accountId: string): Grant {
  const owner = ownerOf(accountId);
  return {
    grantee: { type: "CanonicalUser", id: owner.ID },
    permission: "FULL_CONTROL",
  };
}

/** The grants of a canned ACL (x-amz-acl); undefined for a name S3 does not know. */
export function cannedGrants(acl: string, accountId: string): Grant[] | undefined {
  const group = (uri: string, permission: string): Grant => ({ grantee: { type: "Group", uri }, permission });
  const owner = [ownerGrant(accountId)];
  switch (acl) {
    case "private":
    case "bucket-owner-read":
    case "bucket-owner-full-control":
    case "aws-exec-read":
      return owner;
    case "public-read":
      return [...owner, group(GROUPS.AllUsers, "READ")];
    case "public-read-write":
      return [...owner, group(GROUPS.AllUsers, "READ"), group(GROUPS.AllUsers, "WRITE")];
    case "authenticated-read":
      return [...owner, group(GROUPS.AuthenticatedUsers, "READ")];
    case "log-delivery-write":
      return [...owner, group(GROUPS.LogDelivery, "WRITE"), group(GROUPS.LogDelivery, "READ_ACP")];
    default:
      return undefined;
  }
}

/** x-amz-grant-* headers by the permission they grant. */
export const GRANT_HEADERS: Record<string, string> = {
  "x-amz-grant-read": "READ",
  "x-amz-grant-write": "WRITE",
  "x-amz-grant-read-acp": "READ_ACP",
  "x-amz-grant-write-acp": "WRITE_ACP",
  "x-amz-grant-full-control": "FULL_CONTROL",
};

/** Grants from x-amz-grant-* headers, e.g. `id="…", uri="http://acs.amazonaws.com/groups/global/AllUsers"`. */
export function headerGrants(req: HttpRequest): Grant[] {
  const grants: Grant[] = [];
  for (const [header, permission] of Object.entries(GRANT_HEADERS)) {
    const value = req.headers[header];
    if (value === undefined) continue;
    for (const entry of value.split(",").map((e) => e.trim())) {
      const eq = entry.indexOf("=");
      const type = eq < 0 ? "" : entry.slice(0, eq).trim();
      const target = entry
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1");
      if (type === "uri") {
        if (!VALID_GROUPS.has(target)) throw s3Errors.invalidArgument("Invalid group uri", "uri", target);
        grants.push({ grantee: { type: "Group", uri: target }, permission });
      } else if (type === "id") {
        if (!isCanonicalId(target)) throw s3Errors.invalidArgument("Invalid id", "id", target);
        grants.push({ grantee: { type: "CanonicalUser", id: target }, permission });
      } else if (type === "emailAddress") {
        grants.push({ grantee: { type: "AmazonCustomerByEmail", email: target }, permission });
      } else {
        throw s3Errors.invalidArgument("Argument format not recognized", header, entry);
      }
    }
  }
  return grants;
}

/** Grants from an <AccessControlPolicy> body, validated as S3 does. */
export function bodyGrants(body: Buffer | string): Grant[] {
  const policy = readConfigXml(body, "AccessControlPolicy", policySchema, malformedAcl);
  const ownerId = policy.Owner.ID ?? "";
  if (!isCanonicalId(ownerId)) throw s3Errors.invalidArgument("Invalid id", "CanonicalUser/ID", ownerId);
  return (policy.AccessControlList.Grant ?? []).map((g) => {
    const type = g.Grantee["@type"];
    if (!PERMISSIONS.has(g.Permission) || !GRANTEE_TYPES.has(type)) throw malformedAcl();
    if (type === "Group" && !VALID_GROUPS.has(g.Grantee.URI ?? "")) {
      throw s3Errors.invalidArgument("Invalid group uri", "Group/URI", g.Grantee.URI ?? "");
    }
    if (type === "CanonicalUser" && !isCanonicalId(g.Grantee.ID ?? "")) {
      throw s3Errors.invalidArgument("Invalid id", "CanonicalUser/ID", g.Grantee.ID ?? "");
    }
    return { grantee: granteeOf(g.Grantee), permission: g.Permission };
  });
}

export function granteeOf(parsed: z.output<typeof granteeSchema>): Grantee {
  const grantee: Grantee = { type: parsed["@type"] };
  if (parsed.ID !== undefined) grantee.id = parsed.ID;
  if (parsed.DisplayName !== undefined) grantee.displayName = parsed.DisplayName;
  if (parsed.EmailAddress !== undefined) grantee.email = parsed.EmailAddress;
  if (parsed.URI !== undefined) grantee.uri = parsed.URI;
  return grantee;
}

/** A <Grantee> as S3 writes it, its type as an xsi:type attribute. */
export function granteeXml(g: Grantee): XmlObject {
  return {
    "@": { "xmlns:xsi": XSI, "xsi:type": g.type },
    ID: g.id,
    DisplayName: g.displayName,
    EmailAddress: g.email,
    URI: g.uri,
  };
}

/** An <AccessControlPolicy> document owned by the bucket's account. */
export function aclXml(accountId: string, grants: Grant[]): string {
  return configXml("AccessControlPolicy", {
    Owner: ownerOf(accountId),
    AccessControlList: {
      Grant: grants.map((g) => ({ Grantee: granteeXml(g.grantee), Permission: g.permission })),
    },
  });
}

/** The bucket's grants: those put last, or the owner's FULL_CONTROL every new bucket has. */
export function bucketGrants(bucket: BucketRecord): Grant[] {
  const body = bucket.config.acl?.body;
  return body ? bodyGrants(body) : [ownerGrant(bucket.accountId)];
}

/** Whether the grants give nobody but the bucket owner anything (what disabled ACLs allow). */
export function grantsOwnerOnly(grants: Grant[], accountId: string): boolean {
  const owner = canonicalUserId(accountId);
  return grants.every((g) => g.grantee.type === "CanonicalUser" && g.grantee.id === owner);
}

export function isOwnerOnly(bucket: BucketRecord): boolean {
  return grantsOwnerOnly(bucketGrants(bucket), bucket.accountId);
}
