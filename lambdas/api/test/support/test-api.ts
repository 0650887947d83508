import { createApi } from "../../src/api.ts";
import type { ImageRepository } from "../../src/repositories/image-repository.ts";
import { FakePresigner, RecordingLogger, RecordingMetrics } from "./fakes.ts";
import { InMemoryImageRepository } from "./in-memory-image-repository.ts";
import { invoker } from "./invoke.ts";

export const TEST_LIMIT = 5 * 1024 * 1024;
export const NOW = new Date("2025-01-31T12:00:00.000Z");

export interface TestApiOptions {
  images?: ImageRepository;
  allowedOrigins?: string[];
}

/** The API with in-memory parts: routing, validation and mapping without AWS. */
export function testApi(options: TestApiOptions = {}) {
  const images = options.images ?? new InMemoryImageRepository();
  const presigner = new FakePresigner();
  const metrics = new RecordingMetrics();
  const logger = new RecordingLogger();
  const api = createApi({
    maxUploadBytes: TEST_LIMIT,
    cors: { allowedOrigins: options.allowedOrigins ?? [] },
    images,
    presigner,
    metrics,
    logger,
    now: () => NOW,
  });
  return {
    call: invoker((event, context) => api.handle(event, context.awsRequestId)),
    images,
    presigner,
    metrics,
    logger,
  };
}
