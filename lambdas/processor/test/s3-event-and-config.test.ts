import { InvalidSettingsError } from "@darkroom/aws-clients";
import { DEFAULT_MAX_UPLOAD_BYTES } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { decodeEventKey, parseS3Event } from "../src/s3-event.ts";

const record = (key: string, eventName = "ObjectCreated:Post", size: number | null = 1234) => ({
  eventVersion: "2.1",
  eventSource: "aws:s3",
  eventName,
  eventTime: "2025-03-01T10:00:00.000Z",
  s3: { bucket: { name: "uploads" }, object: { key, ...(size !== null ? { size } : {}) } },
});

describe("parseS3Event", () => {
  it("reads created objects with their keys decoded", () => {
    expect(
      parseS3Event({ Records: [record("uploads/01JNB4Q7Z8X3K5M9P2R6T0V1WY/my+photo%C3%A9.jpg")] }),
    ).toEqual([
      {
        kind: "created",
        object: {
          bucket: "uploads",
          key: "uploads/01JNB4Q7Z8X3K5M9P2R6T0V1WY/my photoé.jpg",
          size: 1234,
          eventName: "ObjectCreated:Post",
        },
      },
    ]);
  });

  it("reads the admin backend's reprocess mark, and only the literal true", () => {
    const key = "uploads/01JNB4Q7Z8X3K5M9P2R6T0V1WY/a.jpg";
    const [marked, plain] = parseS3Event({
      Records: [{ ...record(key), darkroomReprocess: true }, record(key)],
    })!;
    expect(marked).toMatchObject({ kind: "created", object: { key, reprocess: true } });
    expect(plain).toEqual({ kind: "created", object: expect.not.objectContaining({ reprocess: true }) });
    expect(parseS3Event({ Records: [{ ...record(key), darkroomReprocess: "yes" }] })?.[0]?.kind).toBe(
      "skipped",
    );
  });

  it("skips other events and malformed records; refuses what is not an S3 event", () => {
    const [removed, malformed, badKey, noSize] = parseS3Event({
      Records: [
        record("a", "ObjectRemoved:Delete"),
        { eventSource: "aws:sqs" },
        record("%E0%A4%A"),
        record("k", undefined, null),
      ],
    })!;
    expect(removed).toMatchObject({ kind: "skipped", reason: "not an ObjectCreated event" });
    expect(malformed).toMatchObject({ kind: "skipped" });
    expect(badKey).toMatchObject({ kind: "skipped", reason: "the object key is not valid URL encoding" });
    expect(noSize).toMatchObject({ kind: "created", object: { size: undefined } });
    expect(parseS3Event({ detail: "EventBridge" })).toBeNull();
    expect(parseS3Event(null)).toBeNull();
    expect(decodeEventKey("a%2Fb+c")).toBe("a/b c");
  });
});

describe("loadConfig", () => {
  const env = { UPLOADS_BUCKET: "dr-uploads", MEDIA_BUCKET: "dr-media", IMAGES_TABLE: "dr-images" };

  it("applies the defaults", () => {
    expect(loadConfig(env)).toEqual({
      uploadsBucket: "dr-uploads",
      mediaBucket: "dr-media",
      imagesTable: "dr-images",
      maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
      labelsEnabled: true,
      serviceName: "darkroom-processor",
      metricsNamespace: "Darkroom",
      memoryLimitMb: undefined,
      highResolutionMetrics: false,
    });
  });

  it("reads every setting", () => {
    const config = loadConfig({
      ...env,
      MAX_UPLOAD_BYTES: "1048576",
      LABELS_ENABLED: "false",
      POWERTOOLS_SERVICE_NAME: "proc",
      POWERTOOLS_METRICS_NAMESPACE: "Ns",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "2048",
      METRICS_HIGH_RESOLUTION: "true",
      LABELS_UNRELATED: "",
    });
    expect(config).toMatchObject({
      maxUploadBytes: 1048576,
      labelsEnabled: false,
      serviceName: "proc",
      metricsNamespace: "Ns",
      memoryLimitMb: 2048,
      highResolutionMetrics: true,
    });
  });

  it("refuses one bucket for both, naming the variable", () => {
    expect(() => loadConfig({ ...env, MEDIA_BUCKET: "dr-uploads" })).toThrow(
      /must differ from UPLOADS_BUCKET[\s\S]*MEDIA_BUCKET/,
    );
  });

  it("names each bad or missing variable", () => {
    const attempt = () =>
      loadConfig({
        UPLOADS_BUCKET: "arn:aws:s3:::x",
        IMAGES_TABLE: "t",
        MAX_UPLOAD_BYTES: "5MB",
        LABELS_ENABLED: "yes",
      });
    expect(attempt).toThrow(InvalidSettingsError);
    for (const name of [
      "UPLOADS_BUCKET",
      "MEDIA_BUCKET",
      "IMAGES_TABLE",
      "MAX_UPLOAD_BYTES",
      "LABELS_ENABLED",
    ]) {
      expect(attempt, name).toThrow(name);
    }
  });
});
