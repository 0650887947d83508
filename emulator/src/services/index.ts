import type { EmulatorRuntime } from "../gateway/context.ts";
import type { Service } from "../gateway/service.ts";
import { createDynamoDbService } from "./dynamodb/index.ts";
import { createIamService } from "./iam/index.ts";
import { createLambdaService } from "./lambda/index.ts";
import { createLogsService } from "./logs/index.ts";
import { S3Service } from "./s3/index.ts";
import { createStsService } from "./sts/index.ts";

/** Every service the emulator runs; S3 is the fallback when nothing else matches, as on LocalStack. */
export function createServices(runtime: EmulatorRuntime): { all: Service[]; fallback: Service } {
  const s3 = new S3Service(runtime.store);
  return {
    all: [
      s3,
      createStsService(),
      createIamService(),
      createDynamoDbService(runtime),
      createLambdaService(runtime).service,
      createLogsService(runtime).service,
    ],
    fallback: s3,
  };
}
