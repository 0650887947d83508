import type { z } from "zod";
import { AwsError } from "../../../../protocol/aws-error.ts";
import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import type { BucketRecord } from "../../model.ts";
import { isOwnerOnly } from "./acl-grants.ts";
import { configXml, readConfigXml, storedXmlResponse, xmlEnum, xmlList, xmlStruct } from "./config-xml.ts";
import { configEntry, deleteConfig, putConfig } from "./stored-config.ts";

const ROOT = "OwnershipControls";
export const OWNERSHIPS = ["BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"] as const;

const ownershipSchema = xmlStruct({ Rule: xmlList(xmlStruct({ ObjectOwnership: xmlEnum(OWNERSHIPS) })) });

export type ObjectOwnership = (typeof OWNERSHIPS)[number];

/**
 * The bucket's object ownership: BucketOwnerEnforced (ACLs disabled) unless set
 * otherwise, as for every bucket created since April 2023; undefined once deleted.
 */
export function objectOwnershipOf(bucket: BucketRecord): ObjectOwnership | undefined {
  const entry = configEntry(bucket, "ownershipControls");
  if (entry.kind === "unset") return "BucketOwnerEnforced";
  if (entry.kind === "removed") return undefined;
  const parsed: z.output<typeof ownershipSchema> = readConfigXml(entry.value.body, ROOT, ownershipSchema);
  return parsed.Rule[0]?.ObjectOwnership;
}

export function ownershipXml(ownership: ObjectOwnership): string {
  return configXml(ROOT, { Rule: [{ ObjectOwnership: ownership }] });
}

export const ownershipControlsOperations: S3Handlers = {
  async PutBucketOwnershipControls({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const config = readConfigXml(req.body, ROOT, ownershipSchema);
    const rule = config.Rule.length === 1 ? config.Rule[0] : undefined;
    if (!rule) throw s3Errors.malformedXml();
    // ACLs must already be down to the owner's own grant before they can be disabled.
    if (rule.ObjectOwnership === "BucketOwnerEnforced" && !isOwnerOnly(b)) {
      throw new AwsError(
        "InvalidBucketAclWithObjectOwnership",
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
        400,
      );
    }
    putConfig(state, b, "ownershipControls", { body: ownershipXml(rule.ObjectOwnership) });
    return emptyResponse(200);
  },

  GetBucketOwnershipControls({ state, bucket }) {
    const ownership = objectOwnershipOf(state.bucket(bucket));
    if (ownership === undefined) {
      throw s3Errors.notConfigured(
        "OwnershipControlsNotFoundError",
        "The bucket ownership controls were not found",
        bucket,
      );
    }
    return storedXmlResponse(ownershipXml(ownership));
  },

  DeleteBucketOwnershipControls({ state, bucket }) {
    deleteConfig(state, state.bucket(bucket), "ownershipControls", true);
    return emptyResponse(204);
  },
};
