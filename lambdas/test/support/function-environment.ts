import { DEFAULT_MAX_UPLOAD_BYTES } from "@darkroom/image-record";

/** What the functions are wired to: the names each reads from its environment. */
export interface StackResources {
  uploadsBucket: string;
  mediaBucket: string;
  imagesTable: string;
}

/** Both functions: stack traces through the bundle's source map (see lambdas/README.md). */
const COMMON = { NODE_OPTIONS: "--enable-source-maps" };

/** The API's variables, as lambdas/api/src/config.ts reads them. */
export function apiEnvironment(resources: StackResources): Record<string, string> {
  return {
    ...COMMON,
    UPLOADS_BUCKET: resources.uploadsBucket,
    MEDIA_BUCKET: resources.mediaBucket,
    IMAGES_TABLE: resources.imagesTable,
    MAX_UPLOAD_BYTES: String(DEFAULT_MAX_UPLOAD_BYTES),
    CORS_ALLOWED_ORIGINS: "*",
    POWERTOOLS_SERVICE_NAME: "darkroom-api",
  };
}

/** The processor's variables, as lambdas/processor/src/config.ts reads them. */
export function processorEnvironment(resources: StackResources): Record<string, string> {
  return {
    ...COMMON,
    UPLOADS_BUCKET: resources.uploadsBucket,
    MEDIA_BUCKET: resources.mediaBucket,
    IMAGES_TABLE: resources.imagesTable,
    MAX_UPLOAD_BYTES: String(DEFAULT_MAX_UPLOAD_BYTES),
    // The emulator has no Rekognition: labels are off, as a deployment without it would set.
    LABELS_ENABLED: "false",
    POWERTOOLS_SERVICE_NAME: "darkroom-processor",
  };
}
