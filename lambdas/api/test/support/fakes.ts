import type { ApiLogger, ApiMetrics } from "../../src/observability.ts";
import type {
  BucketRole,
  ObjectPresigner,
  PresignedUpload,
  UploadRequest,
} from "../../src/repositories/object-presigner.ts";

/** Deterministic URLs naming what was signed, so tests can see which object a URL is for. */
export class FakePresigner implements ObjectPresigner {
  readonly uploads: UploadRequest[] = [];

  async presignUpload(request: UploadRequest): Promise<PresignedUpload> {
    this.uploads.push(request);
    return {
      url: "https://s3.test/uploads-bucket",
      fields: { key: request.key, "Content-Type": request.contentType },
      expiresAt: "2025-01-31T12:05:00.000Z",
    };
  }

  async presignDownload(bucket: BucketRole, key: string, expiresInSeconds: number): Promise<string> {
    return `https://s3.test/${bucket}/${key}?expires=${expiresInSeconds}`;
  }
}

export class RecordingMetrics implements ApiMetrics {
  uploads = 0;
  readonly failures: { route: string; status: number }[] = [];

  uploadCreated(): void {
    this.uploads++;
  }

  requestFailed(route: string, status: number): void {
    this.failures.push({ route, status });
  }
}

export class RecordingLogger implements ApiLogger {
  readonly errors: { message: string; attributes: Record<string, unknown> }[] = [];

  info(): void {}

  error(message: string, attributes: Record<string, unknown>): void {
    this.errors.push({ message, attributes });
  }
}
