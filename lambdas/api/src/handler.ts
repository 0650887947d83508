import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { awsClient } from "@darkroom/aws-clients";
import { imageTableClient } from "@darkroom/image-record/dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { createApi } from "./api.ts";
import { loadConfig } from "./config.ts";
import { createLogger, PowertoolsApiMetrics } from "./observability.ts";
import { DynamoImageRepository } from "./repositories/dynamodb-image-repository.ts";
import { browserFacingS3Client, S3ObjectPresigner } from "./repositories/s3-object-presigner.ts";

// Cold start: configuration validated and clients built once, reused by every invocation.
const config = loadConfig();
const logger = createLogger(config.serviceName);
const metrics = new PowertoolsApiMetrics(config.metricsNamespace, config.serviceName);
const api = createApi({
  maxUploadBytes: config.maxUploadBytes,
  cors: { allowedOrigins: config.corsAllowedOrigins },
  images: new DynamoImageRepository(config.imagesTable, imageTableClient(awsClient(DynamoDBClient))),
  presigner: new S3ObjectPresigner(
    { uploads: config.uploadsBucket, media: config.mediaBucket },
    browserFacingS3Client(config.publicS3Endpoint),
  ),
  metrics,
  logger,
});

/** The function URL's handler (payload format 2.0). */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyResultV2> {
  logger.addContext(context);
  try {
    return await api.handle(event, context.awsRequestId);
  } finally {
    metrics.flush();
  }
}
