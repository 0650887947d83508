export * from "./dynamo-keys.ts";
export * from "./image-id.ts";
export * from "./image-record.ts";
export * from "./listing.ts";
export * from "./s3-keys.ts";
export * from "./upload-limits.ts";
export * from "./variant-specs.ts";
