import type { S3Handlers } from "../../handler.ts";
import { accelerateOperations } from "./accelerate.ts";
import { aclOperations } from "./acl.ts";
import { corsConfigOperations } from "./cors.ts";
import { encryptionOperations } from "./encryption.ts";
import { lifecycleOperations } from "./lifecycle.ts";
import { loggingOperations } from "./logging.ts";
import { notificationOperations } from "./notification.ts";
import { objectLockOperations } from "./object-lock.ts";
import { ownershipControlsOperations } from "./ownership-controls.ts";
import { policyOperations } from "./policy.ts";
import { publicAccessBlockOperations } from "./public-access-block.ts";
import { replicationOperations } from "./replication.ts";
import { requestPaymentOperations } from "./request-payment.ts";
import { taggingOperations } from "./tagging.ts";
import { versioningOperations } from "./versioning.ts";
import { websiteOperations } from "./website.ts";

/** Get/Put/Delete for every bucket sub-resource (routes.ts BUCKET_CONFIG). */
export const bucketConfigOperations: S3Handlers = {
  ...accelerateOperations,
  ...aclOperations,
  ...corsConfigOperations,
  ...encryptionOperations,
  ...lifecycleOperations,
  ...loggingOperations,
  ...notificationOperations,
  ...objectLockOperations,
  ...ownershipControlsOperations,
  ...policyOperations,
  ...publicAccessBlockOperations,
  ...replicationOperations,
  ...requestPaymentOperations,
  ...taggingOperations,
  ...versioningOperations,
  ...websiteOperations,
};
