import { requireChecksum } from "../../checksums.ts";
import { emptyResponse } from "../../codec.ts";
import { s3Errors } from "../../errors.ts";
import type { S3Handlers } from "../../handler.ts";
import { configXml, readConfigXml, storedXmlResponse } from "./config-xml.ts";
import { type LifecycleRule, lifecycleConfigurationSchema } from "./lifecycle-schema.ts";
import { deleteConfig, generatedId, putConfig } from "./stored-config.ts";

const SIZE_HEADER = "x-amz-transition-default-minimum-object-size";
const SIZES = ["all_storage_classes_128K", "varies_by_storage_class"];
const MAX_RULES = 1000;

function checkRule(rule: LifecycleRule): void {
  if (rule.Status !== "Enabled" && rule.Status !== "Disabled") throw s3Errors.malformedXml();
  // A rule selects objects with exactly one of Filter or the legacy top-level Prefix.
  if ((rule.Filter === undefined) === (rule.Prefix === undefined)) throw s3Errors.malformedXml();
  if (rule.Filter && Object.keys(rule.Filter).length > 1) throw s3Errors.malformedXml();
  if (rule.ID !== undefined && rule.ID.length > 255) {
    throw s3Errors.invalidArgument("ID length should not exceed allowed limit of 255", "ID", rule.ID);
  }
  const actions = [
    rule.Expiration,
    rule.Transition,
    rule.NoncurrentVersionTransition,
    rule.NoncurrentVersionExpiration,
    rule.AbortIncompleteMultipartUpload,
  ];
  if (actions.every((a) => a === undefined)) {
    throw s3Errors.invalidRequest("At least one action needs to be specified in a rule");
  }
  const exp = rule.Expiration;
  if (exp) {
    const set = [exp.Date, exp.Days, exp.ExpiredObjectDeleteMarker].filter((v) => v !== undefined);
    if (set.length !== 1) throw s3Errors.malformedXml();
    if (exp.Date !== undefined && !exp.Date.endsWith("T00:00:00.000Z")) {
      throw s3Errors.invalidArgument("'Date' must be at midnight GMT", "Date", exp.Date);
    }
    if (exp.Days !== undefined && Number(exp.Days) <= 0) {
      throw s3Errors.invalidArgument("'Days' for Expiration action must be a positive integer");
    }
  }
  const nve = rule.NoncurrentVersionExpiration;
  if (nve && nve.NoncurrentDays === undefined && nve.NewerNoncurrentVersions === undefined) {
    throw s3Errors.malformedXml();
  }
  const keys = new Set<string>();
  for (const tag of rule.Filter?.And?.Tag ?? []) {
    if (keys.has(tag.Key)) throw s3Errors.invalidRequest("Duplicate Tag Keys are not allowed.");
    keys.add(tag.Key);
  }
}

export const lifecycleOperations: S3Handlers = {
  async PutBucketLifecycleConfiguration({ state, req, bucket }) {
    const b = state.bucket(bucket);
    await requireChecksum(req);
    const size = req.headers[SIZE_HEADER] ?? SIZES[0]!;
    if (!SIZES.includes(size)) {
      throw s3Errors.invalidRequest(`Invalid TransitionDefaultMinimumObjectSize found: ${size}`);
    }
    const config = readConfigXml(req.body, "LifecycleConfiguration", lifecycleConfigurationSchema);
    if (config.Rule.length === 0 || config.Rule.length > MAX_RULES) throw s3Errors.malformedXml();
    const ids = new Set<string>();
    for (const rule of config.Rule) {
      checkRule(rule);
      // S3 names rules that come without an ID.
      rule.ID ??= generatedId();
      if (ids.has(rule.ID)) {
        throw s3Errors.invalidArgument(
          "Rule ID must be unique. Found same ID for more than one rule",
          "ID",
          rule.ID,
        );
      }
      ids.add(rule.ID);
    }
    // Parsing again puts the generated IDs in their place in the order S3 writes a rule.
    const canonical = lifecycleConfigurationSchema.parse(config);
    putConfig(state, b, "lifecycle", {
      body: configXml("LifecycleConfiguration", canonical),
      minimumObjectSize: size,
    });
    return emptyResponse(200, { [SIZE_HEADER]: size });
  },

  GetBucketLifecycleConfiguration({ state, bucket }) {
    const value = state.bucket(bucket).config.lifecycle;
    if (!value?.body) {
      throw s3Errors.notConfigured(
        "NoSuchLifecycleConfiguration",
        "The lifecycle configuration does not exist",
        bucket,
      );
    }
    return storedXmlResponse(value.body, { [SIZE_HEADER]: value.minimumObjectSize ?? SIZES[0]! });
  },

  DeleteBucketLifecycle({ state, bucket }) {
    deleteConfig(state, state.bucket(bucket), "lifecycle");
    return emptyResponse(204);
  },
};
