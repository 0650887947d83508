import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import sharp from "sharp";
import { loadConfig, type ProcessorConfig } from "./config.ts";
import { LOG_LINES, powertoolsTelemetry } from "./powertools-telemetry.ts";
import { dynamoImageTable } from "./repositories/image-table.ts";
import { rekognitionLabelDetector } from "./repositories/label-detector.ts";
import { s3ObjectStore } from "./repositories/object-store.ts";
import { s3EventHandler } from "./s3-event-handler.ts";

/**
 * The processor's entry point (S3 ObjectCreated on the uploads bucket). Everything here runs once
 * per cold start: the config is validated, the clients are made; a bad config fails the start.
 */
function coldStartConfig(): ProcessorConfig {
  try {
    return loadConfig();
  } catch (error) {
    new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || "darkroom-processor" }).critical(
      LOG_LINES.invalidConfig.message,
      { event: LOG_LINES.invalidConfig.event, error },
    );
    throw error;
  }
}

const config = coldStartConfig();
// Every original is new: libvips' operation cache would only hold on to memory.
sharp.cache(false);

const logger = new Logger({ serviceName: config.serviceName });
const metrics = new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName });

export const handler = s3EventHandler({
  logger,
  metrics,
  deps: {
    uploadsBucket: config.uploadsBucket,
    mediaBucket: config.mediaBucket,
    maxUploadBytes: config.maxUploadBytes,
    objects: s3ObjectStore(),
    table: dynamoImageTable(config.imagesTable),
    labels: config.labelsEnabled ? rekognitionLabelDetector() : null,
    telemetry: powertoolsTelemetry(logger, metrics, {
      memoryLimitMb: config.memoryLimitMb,
      highResolution: config.highResolutionMetrics,
    }),
  },
});
