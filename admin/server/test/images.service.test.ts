import type { FailedImageRecord } from "@darkroom/image-record";
import { BadGatewayException, ConflictException, HttpException, NotFoundException } from "@nestjs/common";
import { describe, expect, it } from "vitest";
import { ImageViews } from "../src/images/image-views.ts";
import { ImagesService } from "../src/images/images.service.ts";
import { ImageStatusWatcher } from "../src/live/image-status-watcher.ts";
import { LiveEvents } from "../src/live/live-events.ts";
import { MAX_PRESIGNED_URL_SECONDS } from "../src/repositories/object-store.repository.ts";
import { fakeContext, STACK } from "./support/context.ts";
import { fakeRepositories } from "./support/fakes.ts";
import { recordAt } from "./support/records.ts";

const CREATED = new Date("2025-03-01T10:00:00.000Z");
const REQUEST_ID = "8f0e5c1a-1111-4222-8333-944455556666";

function world() {
  const repos = fakeRepositories();
  const service = new ImagesService(
    repos.imageTable,
    repos.objectStore,
    repos.functionLogs,
    repos.processor,
    repos.uploadApi,
    new ImageViews(repos.objectStore),
    STACK,
    new ImageStatusWatcher(repos.imageTable, new LiveEvents(), fakeContext().context.settings),
  );
  return { repos, service };
}

describe("ImagesService", () => {
  it("details a processed image: the record, short-lived links to the original and every variant, its runs' logs", async () => {
    const { repos, service } = world();
    const record = recordAt("PROCESSED", CREATED);
    await repos.imageTable.putImage(record);
    const at = CREATED.getTime() + 500;
    repos.functionLogs.events.set(STACK.logGroups.processor, [
      { timestamp: at, logStreamName: "s", message: `START RequestId: ${REQUEST_ID} Version: $LATEST` },
      {
        timestamp: at + 1,
        logStreamName: "s",
        message: JSON.stringify({
          message: "processed",
          imageId: record.imageId,
          function_request_id: REQUEST_ID,
        }),
      },
      { timestamp: at + 2, logStreamName: "s", message: `REPORT RequestId: ${REQUEST_ID} Duration: 812 ms` },
      {
        timestamp: at + 3,
        logStreamName: "s",
        message: "START RequestId: 00000000-0000-4000-8000-000000000000",
      },
    ]);

    const detail = await service.detail(record.imageId, CREATED);

    expect(detail.record).toEqual(record);
    expect(detail.originalUrl).toContain(`uploads/${record.originalKey}`);
    expect(detail.variants.map((v) => v.name).sort()).toEqual([
      "compressed",
      "low",
      "png",
      "thumbnail",
      "webp",
    ]);
    for (const v of detail.variants) expect(v.url).toContain(`media/${v.key}`);
    expect(repos.objectStore.presigned.every((p) => p.seconds <= MAX_PRESIGNED_URL_SECONDS)).toBe(true);
    expect(detail.urlsExpireAt).toBe("2025-03-01T10:05:00.000Z");
    expect(detail.logs.map((l) => l.message.slice(0, 6))).toEqual(["START ", '{"mess', "REPORT"]);
    expect(repos.functionLogs.filters[0]?.filterPattern).toBe(`"${record.imageId}"`);
  });

  it("answers 404 for an image it does not know", async () => {
    const { service } = world();
    await expect(service.detail(recordAt("UPLOADED", CREATED).imageId)).rejects.toBeInstanceOf(
      NotFoundException,
    );
  });

  it("deletes the objects of that image only, then its items", async () => {
    const { repos, service } = world();
    const [gone, kept] = [
      recordAt("PROCESSED", CREATED),
      recordAt("PROCESSED", new Date(CREATED.getTime() + 1)),
    ];
    for (const r of [gone, kept]) {
      await repos.imageTable.putImage(r);
      repos.objectStore.storeObjectsOf(r);
    }

    expect(await service.delete(gone.imageId)).toEqual({ imageId: gone.imageId, deletedObjects: 6 });

    expect(await repos.imageTable.getImage(gone.imageId)).toBeUndefined();
    expect([...repos.imageTable.items.keys()].some((k) => k.includes(gone.imageId))).toBe(false);
    expect(
      [...repos.objectStore.objects.uploads, ...repos.objectStore.objects.media].every((k) =>
        k.includes(kept.imageId),
      ),
    ).toBe(true);
    expect(repos.objectStore.objects.media.size).toBe(5);
  });

  it("re-invokes the processor for a finished image's original, not for one being processed", async () => {
    const { repos, service } = world();
    const failed = recordAt("FAILED", CREATED);
    const busy = recordAt("PROCESSING", new Date(CREATED.getTime() + 1));
    await repos.imageTable.putImage(failed);
    await repos.imageTable.putImage(busy);

    expect(await service.reprocess(failed.imageId)).toEqual({
      imageId: failed.imageId,
      previousStatus: "FAILED",
      queued: true,
    });
    expect(repos.processor.invoked).toEqual([{ key: failed.originalKey, bytes: failed.originalBytes }]);
    await expect(service.reprocess(busy.imageId)).rejects.toBeInstanceOf(ConflictException);
    expect(repos.processor.invoked).toHaveLength(1);
  });

  it("refuses to reprocess an upload that never arrived: there is no original", async () => {
    const { repos, service } = world();
    const { format: _f, timings: _t, ...failed } = recordAt("FAILED", CREATED) as FailedImageRecord;
    const missing = {
      ...failed,
      attempts: 0,
      failure: { code: "UPLOAD_MISSING" as const, message: "never came" },
    };
    await repos.imageTable.putImage(missing);
    await expect(service.reprocess(missing.imageId)).rejects.toThrow(
      /upload never arrived.*upload the file again/,
    );
    expect(repos.processor.invoked).toEqual([]);
  });

  it("relays the upload API's presigned POST, its refusals as they are, and nothing malformed", async () => {
    const { repos, service } = world();
    const body = { fileName: "a.png", contentType: "image/png", bytes: 10, keepLocation: false };
    const created = {
      imageId: recordAt("UPLOADED", CREATED).imageId,
      url: "http://127.0.0.1:4566/darkroom-uploads",
      fields: { key: "uploads/x/a.png", Policy: "p" },
      expiresAt: "2025-03-01T10:15:00.000Z",
    };
    repos.uploadApi.answer = { status: 201, body: created };
    expect(await service.createUpload(body)).toEqual(created);
    expect(repos.uploadApi.requests).toEqual([body]);

    repos.uploadApi.answer = {
      status: 400,
      body: { error: "ValidationError", message: "bytes: over the limit" },
    };
    const refused = await service.createUpload(body).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpException);
    expect((refused as HttpException).getStatus()).toBe(400);
    expect((refused as HttpException).getResponse()).toEqual({
      error: "UploadRefused",
      message: "bytes: over the limit",
    });

    repos.uploadApi.answer = { status: 201, body: { imageId: "nope" } };
    await expect(service.createUpload(body)).rejects.toBeInstanceOf(BadGatewayException);
  });
});
