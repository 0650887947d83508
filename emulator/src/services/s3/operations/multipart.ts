import type { S3Handlers } from "../handler.ts";

export const multipartOperations: S3Handlers = {};
