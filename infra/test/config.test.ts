import { DEFAULT_MAX_UPLOAD_BYTES, type ImageRecord, imageRecordSchema } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { isAbandoned } from "../../lambdas/processor/src/claim.ts";
import { loadInfraConfig, MAX_PROCESSOR_TIMEOUT_SECONDS } from "../config.ts";

describe("the infrastructure's config", () => {
  it("has a default for everything", () => {
    const config = loadInfraConfig({});
    expect(config).toMatchObject({
      region: "us-east-1",
      namePrefix: "darkroom",
      maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
      alertEmails: [],
      logRetentionDays: 14,
      consoleOrigins: ["http://localhost:5173", "http://127.0.0.1:5173"],
      webPort: 5173,
      emulatorPort: 4566,
      localstackEndpoint: "http://127.0.0.1:4566",
      local: { monitoring: true, labels: true },
      state: { bucket: "darkroom-terraform-state", lockTable: "darkroom-terraform-locks" },
    });
    expect(config.processor.timeoutSeconds).toBeLessThanOrEqual(MAX_PROCESSOR_TIMEOUT_SECONDS);
    expect(config.alarms.durationPercentOfTimeout).toBe(75);
  });

  it("reads the environment, ignoring empty variables and other programs' settings", () => {
    const config = loadInfraConfig({
      DARKROOM_REGION: "eu-west-1",
      DARKROOM_NAME_PREFIX: "acme-images",
      DARKROOM_MAX_UPLOAD_BYTES: "10485760",
      DARKROOM_ALERT_EMAILS: "ops@example.com, oncall@example.com",
      DARKROOM_LOG_RETENTION_DAYS: "30",
      DARKROOM_WEB_PORT: "5200",
      DARKROOM_PORT: "4610",
      DARKROOM_LOCAL_MONITORING: "false",
      DARKROOM_LOCAL_LABELS: "false",
      DARKROOM_ALARM_ERRORS: "9",
      DARKROOM_STATE_BUCKET: "",
      AWS_REGION: "ap-south-1",
    });
    expect(config).toMatchObject({
      region: "eu-west-1",
      namePrefix: "acme-images",
      maxUploadBytes: 10_485_760,
      alertEmails: ["ops@example.com", "oncall@example.com"],
      logRetentionDays: 30,
      consoleOrigins: ["http://localhost:5200", "http://127.0.0.1:5200"],
      webPort: 5200,
      emulatorPort: 4610,
      local: { monitoring: false, labels: false },
      state: { bucket: "acme-images-terraform-state" },
    });
    expect(config.alarms.errors).toBe(9);
  });

  it("takes the console's origins as given", () => {
    const config = loadInfraConfig({
      DARKROOM_CONSOLE_ORIGINS: "https://app.example.com,http://localhost:3000",
    });
    expect(config.consoleOrigins).toEqual(["https://app.example.com", "http://localhost:3000"]);
  });

  it.each([
    ["DARKROOM_LOG_RETENTION_DAYS", "10"],
    ["DARKROOM_ALERT_EMAILS", "ops@example.com,not-an-address"],
    ["DARKROOM_CONSOLE_ORIGINS", "https://app.example.com/console"],
    ["DARKROOM_MAX_UPLOAD_BYTES", String(200 * 1024 * 1024)],
    ["DARKROOM_NAME_PREFIX", "Darkroom_Prod"],
    ["DARKROOM_PORT", "70000"],
    ["DARKROOM_LOCAL_LABELS", "yes"],
    ["DARKROOM_PROCESSOR_TIMEOUT_SECONDS", "60"],
    ["DARKROOM_ALARM_PERIOD_SECONDS", "45"],
  ])("refuses %s=%s, naming it", (name, value) => {
    expect(() => loadInfraConfig({ [name]: value })).toThrow(name);
  });

  it("keeps the processor's timeout short enough for Lambda's first retry to take an abandoned claim over", () => {
    const claimedAt = "2025-03-01T10:00:00.000Z";
    const record: ImageRecord = imageRecordSchema.parse({
      imageId: "01JNB4Q7Z8X3K5M9P2R6T0V1WY",
      status: "PROCESSING",
      attempts: 1,
      originalKey: "uploads/01JNB4Q7Z8X3K5M9P2R6T0V1WY/cat.jpg",
      originalBytes: 1000,
      contentType: "image/jpeg",
      originalFileName: "cat.jpg",
      createdAt: claimedAt,
      updatedAt: claimedAt,
    });
    // Lambda retries a failed event after about a minute: the claim must be abandoned by then.
    const firstRetry = new Date(Date.parse(claimedAt) + 60_000);
    expect(isAbandoned(record, firstRetry, MAX_PROCESSOR_TIMEOUT_SECONDS * 1000)).toBe(true);
    expect(isAbandoned(record, firstRetry, (MAX_PROCESSOR_TIMEOUT_SECONDS + 2) * 1000)).toBe(false);
  });
});
