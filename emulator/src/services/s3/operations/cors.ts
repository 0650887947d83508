import type { S3Handlers } from "../handler.ts";

export const corsOperations: S3Handlers = {};
