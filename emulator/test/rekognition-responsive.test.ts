import { randomBytes } from "node:crypto";
import { DetectLabelsCommand } from "@aws-sdk/client-rekognition";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { expect, it } from "vitest";
import { s3Client } from "./support/clients.ts";
import { bucketWith, fixtureJpeg, rekognitionClient } from "./support/rekognition.ts";

/**
 * Inference runs in a child process at a lower CPU priority, so the gateway's event loop keeps
 * answering while models work. Shown by order, not by time: S3 GETs keep completing while four DetectLabels are in
 * flight. (How fast they complete is measured by npm run bench:rekognition.)
 */
it("keeps serving S3 GETs while four DetectLabels calls run", async () => {
  const body = randomBytes(100 * 1024);
  const photo = await fixtureJpeg("astronaut");
  const bucket = await bucketWith({ "photo.jpg": photo, "object.bin": body });
  const rekognition = rekognitionClient();
  const s3 = s3Client();
  let settled = 0;
  const labels = Array.from({ length: 4 }, () =>
    rekognition
      .send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: bucket, Name: "photo.jpg" } } }))
      .finally(() => settled++),
  );
  let servedDuringInference = 0;
  while (settled === 0) {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "object.bin" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
    if (settled === 0) servedDuringInference++;
  }
  const results = await Promise.all(labels);
  for (const out of results) expect(out.Labels?.map((l) => l.Name)).toContain("Person");
  // Four inferences take hundreds of milliseconds; a blocked event loop would serve none meanwhile.
  expect(servedDuringInference).toBeGreaterThan(20);
});
