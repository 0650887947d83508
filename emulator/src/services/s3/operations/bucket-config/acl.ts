import { AwsError } from "../../../../protocol/aws-error.ts";
import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import {
  aclXml,
  bodyGrants,
  bucketGrants,
  cannedGrants,
  GRANT_HEADERS,
  type Grant,
  grantsOwnerOnly,
  headerGrants,
} from "./acl-grants.ts";
import { storedXmlResponse } from "./config-xml.ts";
import { objectOwnershipOf } from "./ownership-controls.ts";
import { putConfig } from "./stored-config.ts";

export const aclOperations: S3Handlers = {
  /** A canned ACL (x-amz-acl), x-amz-grant-* headers, or an AccessControlPolicy body: exactly one of them. */
  async PutBucketAcl({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const canned = req.headers["x-amz-acl"];
    const hasGrantHeaders = Object.keys(GRANT_HEADERS).some((h) => req.headers[h] !== undefined);
    const hasBody = req.body.length > 0;
    if (canned === undefined && !hasGrantHeaders && !hasBody) {
      throw new AwsError("MissingSecurityHeader", "Your request was missing a required header", 400, {
        fields: { MissingHeaderName: "x-amz-acl" },
      });
    }
    if (canned !== undefined && hasGrantHeaders) {
      throw s3Errors.invalidRequest("Specifying both Canned ACLs and Header Grants is not allowed");
    }
    if ((canned !== undefined || hasGrantHeaders) && hasBody) {
      throw new AwsError("UnexpectedContent", "This request does not support content", 400);
    }
    let grants: Grant[];
    if (canned !== undefined) {
      const found = cannedGrants(canned, b.accountId);
      if (!found) throw s3Errors.invalidArgument("", "x-amz-acl", canned);
      grants = found;
    } else {
      grants = hasGrantHeaders ? headerGrants(req) : bodyGrants(req.body);
    }
    // With BucketOwnerEnforced, ACLs are disabled: only the owner's own grant may be set.
    if (objectOwnershipOf(b) === "BucketOwnerEnforced" && !grantsOwnerOnly(grants, b.accountId)) {
      throw new AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
    }
    putConfig(state, b, "acl", { body: aclXml(b.accountId, grants) });
    return emptyResponse(200);
  },

  GetBucketAcl({ state, bucket }) {
    const b = state.bucket(bucket);
    return storedXmlResponse(aclXml(b.accountId, bucketGrants(b)));
  },
};
