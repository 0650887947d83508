import { InvalidListRequestError } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { mapError } from "../src/http/error-response.ts";
import { MethodNotAllowedError, NotFoundError, ValidationError } from "../src/http/errors.ts";
import type { ImageRepository } from "../src/repositories/image-repository.ts";
import { InMemoryImageRepository } from "./support/in-memory-image-repository.ts";
import { testApi } from "./support/test-api.ts";

const REQUEST_ID = "req-1";
const body = (mapped: ReturnType<typeof mapError>) => JSON.parse(mapped.response.body ?? "");

describe("mapError", () => {
  it("maps request errors to their status with the field named", () => {
    const validation = mapError(new ValidationError("bytes", "bytes: is required"), REQUEST_ID);
    expect(validation.response.statusCode).toBe(400);
    expect(body(validation)).toEqual({
      error: { code: "INVALID_REQUEST", message: "bytes: is required", field: "bytes" },
    });
    expect(validation.internal).toBe(false);

    const list = mapError(new InvalidListRequestError("limit", "limit: must be at most 100"), REQUEST_ID);
    expect(list.response.statusCode).toBe(400);
    expect(body(list).error).toEqual({
      code: "INVALID_REQUEST",
      message: "limit: must be at most 100",
      field: "limit",
    });

    expect(mapError(new NotFoundError("no image"), REQUEST_ID).response.statusCode).toBe(404);
    const method = mapError(new MethodNotAllowedError("PUT", "/uploads", ["POST"]), REQUEST_ID).response;
    expect(method.statusCode).toBe(405);
    expect(method.headers.allow).toBe("POST");
  });

  it("answers 503 with Retry-After when AWS throttles", () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    const mapped = mapError(throttled, REQUEST_ID);
    expect(mapped.response.statusCode).toBe(503);
    expect(mapped.response.headers["retry-after"]).toBe("1");
    expect(body(mapped).error.message).not.toContain("Rate exceeded");
  });

  it("turns anything else into a 500 that names only the request id", () => {
    const mapped = mapError(new Error("connect ECONNREFUSED 10.0.0.1:443 table images-prod"), REQUEST_ID);
    expect(mapped.response.statusCode).toBe(500);
    expect(mapped.internal).toBe(true);
    expect(body(mapped)).toEqual({
      error: {
        code: "INTERNAL_ERROR",
        message: "the request failed because of an error on our side",
        requestId: REQUEST_ID,
      },
    });
  });
});

describe("errors through the API", () => {
  /** A table that fails every call, as an unreachable DynamoDB would. */
  function brokenTable(): ImageRepository {
    const memory = new InMemoryImageRepository();
    const fail = async () => {
      throw new Error("socket hang up talking to dynamodb.internal:8000");
    };
    return Object.assign(memory, { queryImages: fail, getImage: fail, createImage: fail });
  }

  it("logs a failure's details, keeps them out of the 500 and counts it as an ApiError of its route", async () => {
    const { call, logger, metrics } = testApi({ images: brokenTable() });
    const res = await call("GET", "/images");
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain("dynamodb.internal");
    expect(res.body).toMatchObject({ error: { code: "INTERNAL_ERROR", requestId: expect.any(String) } });
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]!.attributes).toMatchObject({ route: "GET /images" });
    expect((logger.errors[0]!.attributes.error as Error).message).toContain("dynamodb.internal");
    expect(metrics.failures).toEqual([{ route: "GET /images", status: 500 }]);
  });

  it("counts client errors under their route without logging them as failures", async () => {
    const { call, logger, metrics } = testApi();
    await call("GET", "/images/nope");
    await call("GET", "/images/01JH8ZK5Q3X7W9M2N4P6R8T0VB");
    expect(metrics.failures).toEqual([
      { route: "GET /images/{id}", status: 400 },
      { route: "GET /images/{id}", status: 404 },
    ]);
    expect(logger.errors).toEqual([]);
  });

  it("writes no upload metric when the record could not be written", async () => {
    const { call, metrics } = testApi({ images: brokenTable() });
    const res = await call("POST", "/uploads", {
      json: { fileName: "a.png", contentType: "image/png", bytes: 10 },
    });
    expect(res.status).toBe(500);
    expect(metrics.uploads).toBe(0);
    expect(metrics.failures).toEqual([{ route: "POST /uploads", status: 500 }]);
  });
});
