import type { HttpRequest } from "../../gateway/http.ts";

/** What a request addresses once the bucket has been found in the host or the path. */
export type S3Target = "service" | "bucket" | "object";

interface Route {
  method: string;
  target: S3Target;
  operation: S3Operation;
  /** Query fields that must be present (sub-resources such as ?cors or ?uploadId). */
  query?: string[];
  /** A header that must be present (x-amz-copy-source selects the copy operations). */
  header?: string;
  /** A predicate for cases the above cannot express (form POSTs). */
  when?: (req: HttpRequest) => boolean;
}

/** Bucket sub-resources with Get/Put/Delete operations, by query field. */
const BUCKET_CONFIG = {
  accelerate: { get: "GetBucketAccelerateConfiguration", put: "PutBucketAccelerateConfiguration" },
  acl: { get: "GetBucketAcl", put: "PutBucketAcl" },
  cors: { get: "GetBucketCors", put: "PutBucketCors", delete: "DeleteBucketCors" },
  encryption: { get: "GetBucketEncryption", put: "PutBucketEncryption", delete: "DeleteBucketEncryption" },
  lifecycle: {
    get: "GetBucketLifecycleConfiguration",
    put: "PutBucketLifecycleConfiguration",
    delete: "DeleteBucketLifecycle",
  },
  logging: { get: "GetBucketLogging", put: "PutBucketLogging" },
  notification: { get: "GetBucketNotificationConfiguration", put: "PutBucketNotificationConfiguration" },
  "object-lock": { get: "GetObjectLockConfiguration", put: "PutObjectLockConfiguration" },
  ownershipControls: {
    get: "GetBucketOwnershipControls",
    put: "PutBucketOwnershipControls",
    delete: "DeleteBucketOwnershipControls",
  },
  policy: { get: "GetBucketPolicy", put: "PutBucketPolicy", delete: "DeleteBucketPolicy" },
  policyStatus: { get: "GetBucketPolicyStatus" },
  publicAccessBlock: {
    get: "GetPublicAccessBlock",
    put: "PutPublicAccessBlock",
    delete: "DeletePublicAccessBlock",
  },
  replication: {
    get: "GetBucketReplication",
    put: "PutBucketReplication",
    delete: "DeleteBucketReplication",
  },
  requestPayment: { get: "GetBucketRequestPayment", put: "PutBucketRequestPayment" },
  tagging: { get: "GetBucketTagging", put: "PutBucketTagging", delete: "DeleteBucketTagging" },
  versioning: { get: "GetBucketVersioning", put: "PutBucketVersioning" },
  website: { get: "GetBucketWebsite", put: "PutBucketWebsite", delete: "DeleteBucketWebsite" },
} as const;

type ConfigTable = typeof BUCKET_CONFIG;
type ConfigOperation = { [K in keyof ConfigTable]: ConfigTable[K][keyof ConfigTable[K]] }[keyof ConfigTable];

/** Every S3 operation the router can name; those without a handler answer NotImplemented. */
export type S3Operation =
  | ConfigOperation
  | "ListBuckets"
  | "CreateBucket"
  | "HeadBucket"
  | "DeleteBucket"
  | "GetBucketLocation"
  | "ListObjects"
  | "ListObjectsV2"
  | "ListObjectVersions"
  | "ListMultipartUploads"
  | "DeleteObjects"
  | "PostObject"
  | "PreflightRequest"
  | "PutObject"
  | "CopyObject"
  | "GetObject"
  | "HeadObject"
  | "DeleteObject"
  | "GetObjectAttributes"
  | "PutObjectTagging"
  | "GetObjectTagging"
  | "DeleteObjectTagging"
  | "PutObjectAcl"
  | "GetObjectAcl"
  | "PutObjectRetention"
  | "GetObjectRetention"
  | "PutObjectLegalHold"
  | "GetObjectLegalHold"
  | "RestoreObject"
  | "SelectObjectContent"
  | "CreateMultipartUpload"
  | "UploadPart"
  | "UploadPartCopy"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "ListParts"
  | AnalyticsLikeOperation
  | "GetObjectTorrent"
  | "CreateSession";

/** Bucket configurations the emulator does not keep; routed so that they answer NotImplemented by name. */
const ANALYTICS_LIKE = {
  metrics: "BucketMetricsConfiguration",
  analytics: "BucketAnalyticsConfiguration",
  inventory: "BucketInventoryConfiguration",
  "intelligent-tiering": "BucketIntelligentTieringConfiguration",
} as const;
type AnalyticsLike = (typeof ANALYTICS_LIKE)[keyof typeof ANALYTICS_LIKE];
type AnalyticsLikeOperation = `${"Get" | "Put" | "Delete"}${AnalyticsLike}` | `List${AnalyticsLike}s`;

function analyticsLikeRoutes(): Route[] {
  return Object.entries(ANALYTICS_LIKE).flatMap(([sub, name]): Route[] => [
    { method: "GET", target: "bucket", query: [sub, "id"], operation: `Get${name}` },
    { method: "GET", target: "bucket", query: [sub], operation: `List${name}s` },
    { method: "PUT", target: "bucket", query: [sub], operation: `Put${name}` },
    { method: "DELETE", target: "bucket", query: [sub], operation: `Delete${name}` },
  ]);
}

export const isFormPost = (req: HttpRequest) =>
  (req.headers["content-type"] ?? "").startsWith("multipart/form-data");

function configRoutes(): Route[] {
  const routes: Route[] = [];
  for (const [sub, ops] of Object.entries(BUCKET_CONFIG)) {
    const o = ops as { get?: S3Operation; put?: S3Operation; delete?: S3Operation };
    if (o.get) routes.push({ method: "GET", target: "bucket", query: [sub], operation: o.get });
    if (o.put) routes.push({ method: "PUT", target: "bucket", query: [sub], operation: o.put });
    if (o.delete) routes.push({ method: "DELETE", target: "bucket", query: [sub], operation: o.delete });
  }
  return routes;
}

/** Most specific first: the first route whose conditions hold wins. */
const ROUTES: Route[] = [
  { method: "GET", target: "service", operation: "ListBuckets" },
  ...configRoutes(),
  ...analyticsLikeRoutes(),
  { method: "GET", target: "bucket", query: ["session"], operation: "CreateSession" },
  { method: "GET", target: "object", query: ["torrent"], operation: "GetObjectTorrent" },
  { method: "GET", target: "bucket", query: ["location"], operation: "GetBucketLocation" },
  { method: "GET", target: "bucket", query: ["uploads"], operation: "ListMultipartUploads" },
  { method: "GET", target: "bucket", query: ["versions"], operation: "ListObjectVersions" },
  { method: "GET", target: "bucket", query: ["list-type"], operation: "ListObjectsV2" },
  { method: "GET", target: "bucket", operation: "ListObjects" },
  { method: "PUT", target: "bucket", operation: "CreateBucket" },
  { method: "HEAD", target: "bucket", operation: "HeadBucket" },
  { method: "DELETE", target: "bucket", operation: "DeleteBucket" },
  { method: "POST", target: "bucket", query: ["delete"], operation: "DeleteObjects" },
  { method: "POST", target: "bucket", when: isFormPost, operation: "PostObject" },
  { method: "OPTIONS", target: "bucket", operation: "PreflightRequest" },

  {
    method: "PUT",
    target: "object",
    query: ["partNumber", "uploadId"],
    header: "x-amz-copy-source",
    operation: "UploadPartCopy",
  },
  { method: "PUT", target: "object", query: ["partNumber", "uploadId"], operation: "UploadPart" },
  { method: "PUT", target: "object", query: ["tagging"], operation: "PutObjectTagging" },
  { method: "PUT", target: "object", query: ["acl"], operation: "PutObjectAcl" },
  { method: "PUT", target: "object", query: ["retention"], operation: "PutObjectRetention" },
  { method: "PUT", target: "object", query: ["legal-hold"], operation: "PutObjectLegalHold" },
  { method: "PUT", target: "object", header: "x-amz-copy-source", operation: "CopyObject" },
  { method: "PUT", target: "object", operation: "PutObject" },
  { method: "GET", target: "object", query: ["uploadId"], operation: "ListParts" },
  { method: "GET", target: "object", query: ["tagging"], operation: "GetObjectTagging" },
  { method: "GET", target: "object", query: ["acl"], operation: "GetObjectAcl" },
  { method: "GET", target: "object", query: ["attributes"], operation: "GetObjectAttributes" },
  { method: "GET", target: "object", query: ["retention"], operation: "GetObjectRetention" },
  { method: "GET", target: "object", query: ["legal-hold"], operation: "GetObjectLegalHold" },
  { method: "GET", target: "object", operation: "GetObject" },
  { method: "HEAD", target: "object", operation: "HeadObject" },
  { method: "DELETE", target: "object", query: ["uploadId"], operation: "AbortMultipartUpload" },
  { method: "DELETE", target: "object", query: ["tagging"], operation: "DeleteObjectTagging" },
  { method: "DELETE", target: "object", operation: "DeleteObject" },
  { method: "POST", target: "object", query: ["uploads"], operation: "CreateMultipartUpload" },
  { method: "POST", target: "object", query: ["uploadId"], operation: "CompleteMultipartUpload" },
  { method: "POST", target: "object", query: ["restore"], operation: "RestoreObject" },
  { method: "POST", target: "object", query: ["select"], operation: "SelectObjectContent" },
  { method: "POST", target: "object", when: isFormPost, operation: "PostObject" },
  { method: "OPTIONS", target: "object", operation: "PreflightRequest" },
];

/**
 * Query fields that name a sub-resource. A route without sub-resources never takes a
 * request that names one: an unknown ?metrics must not become DeleteBucket.
 */
const SUBRESOURCES = new Set(
  ROUTES.flatMap((r) => r.query ?? []).filter((q) => !["id", "partNumber", "list-type"].includes(q)),
);

/** Picks the operation for a request, or null when no S3 operation has that shape. */
export function routeS3(req: HttpRequest, target: S3Target): S3Operation | null {
  const named = [...req.query.keys()].some((k) => SUBRESOURCES.has(k));
  for (const r of ROUTES) {
    if (r.method !== req.method || r.target !== target) continue;
    if (r.query && !r.query.every((q) => req.query.has(q))) continue;
    if (!r.query && named) continue;
    if (r.header && req.headers[r.header] === undefined) continue;
    if (r.when && !r.when(req)) continue;
    return r.operation;
  }
  return null;
}
