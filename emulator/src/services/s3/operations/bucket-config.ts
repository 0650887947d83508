import type { S3Handlers } from "../handler.ts";

export const bucketConfigOperations: S3Handlers = {};
