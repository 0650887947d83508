import type { S3Handlers } from "../handler.ts";

export const objectTaggingOperations: S3Handlers = {};
