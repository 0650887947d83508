import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from "@aws-sdk/client-dynamodb";
import { NoSuchKey } from "@aws-sdk/client-s3";
import { MAX_ERROR_MESSAGE_LENGTH } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import {
  classifyError,
  labelsErrorOf,
  ProcessingFailure,
  recordMessage,
  TransientError,
} from "../src/failures.ts";
import { s3Error } from "./support/fakes.ts";

describe("classifyError: transient errors are retried, permanent ones recorded", () => {
  it("keeps a ProcessingFailure's code and message", () => {
    expect(classifyError(new ProcessingFailure("CORRUPT", "cut short"))).toEqual({
      kind: "permanent",
      code: "CORRUPT",
      message: "cut short",
      accessDenied: false,
    });
  });

  it.each([
    ["S3 SlowDown (503)", s3Error("SlowDown", 503)],
    ["S3 InternalError (500)", s3Error("InternalError", 500)],
    ["an S3 5xx under any name", s3Error("Whatever", 502)],
    ["HTTP 429", s3Error("TooManyRequests", 429)],
    [
      "DynamoDB throughput exceeded",
      new ProvisionedThroughputExceededException({
        $metadata: { httpStatusCode: 400 },
        message: "slow down",
      }),
    ],
    ["a cancelled transaction", new TransientError("transaction conflict")],
    ["a reset connection", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
    ["the SDK's socket timeout", Object.assign(new Error("timed out"), { name: "TimeoutError" })],
  ])("%s is transient", (_, error) => {
    expect(classifyError(error).kind).toBe("transient");
  });

  it("marks S3 AccessDenied as a permanent INTERNAL failure and an alarm", () => {
    expect(classifyError(s3Error("AccessDenied", 403))).toMatchObject({
      kind: "permanent",
      code: "INTERNAL",
      accessDenied: true,
      message: "AWS error AccessDenied: AccessDenied happened",
    });
  });

  it("flags only S3's AccessDenied as an S3 access problem", () => {
    const dynamo = Object.assign(new Error("not authorized"), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 400 },
    });
    expect(classifyError(dynamo)).toMatchObject({ kind: "permanent", code: "INTERNAL", accessDenied: false });
    expect(classifyError(s3Error("Forbidden", 403))).toMatchObject({ accessDenied: true });
  });

  it("records other client errors and our own bugs as INTERNAL", () => {
    expect(
      classifyError(new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: "gone" })),
    ).toMatchObject({
      kind: "permanent",
      code: "INTERNAL",
      accessDenied: false,
    });
    expect(
      classifyError(
        new ConditionalCheckFailedException({ $metadata: { httpStatusCode: 400 }, message: "no" }),
      ).kind,
    ).toBe("permanent");
    expect(classifyError(new TypeError("x is undefined"))).toMatchObject({
      kind: "permanent",
      code: "INTERNAL",
      message: "TypeError: x is undefined",
    });
    expect(classifyError("a string")).toMatchObject({
      code: "INTERNAL",
      message: "non-error thrown: a string",
    });
  });
});

describe("messages for the record", () => {
  it("fit the record: one line, at most MAX_ERROR_MESSAGE_LENGTH", () => {
    expect(recordMessage("two\n  lines")).toBe("two lines");
    expect(recordMessage("   ")).toBe("no message");
    const long = recordMessage("x".repeat(5000));
    expect(long).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(long.endsWith("…")).toBe(true);
  });

  it("give a failed label call the error's name as its code", () => {
    const notImplemented = Object.assign(new Error("Rekognition is not implemented"), {
      name: "NotImplemented",
    });
    expect(labelsErrorOf(notImplemented)).toEqual({
      code: "NotImplemented",
      message: "Rekognition is not implemented",
    });
    expect(labelsErrorOf(Object.assign(new Error("odd"), { name: "not a name!" }))).toEqual({
      code: "UnknownError",
      message: "odd",
    });
  });
});
