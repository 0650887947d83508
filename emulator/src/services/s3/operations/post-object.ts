import type { S3Handlers } from "../handler.ts";

export const postObjectOperations: S3Handlers = {};
