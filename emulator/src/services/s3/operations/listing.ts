import type { S3Handlers } from "../handler.ts";

export const listingOperations: S3Handlers = {};
