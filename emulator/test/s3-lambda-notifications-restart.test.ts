import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it, onTestFinished } from "vitest";
import { clientConfig, s3Client, uniqueName } from "./support/clients.ts";
import { type EmulatorProcess, spawnEmulator } from "./support/emulator-process.ts";
import { lambdaClient } from "./support/lambda.ts";
import {
  allowS3,
  deployFunction,
  notifyLambda,
  pollUntil,
  recorded,
  recorderSource,
  recorderTable,
} from "./support/s3-notifications.ts";
import { tempDir } from "./support/temp-dir.ts";

/**
 * "A delivery accepted by S3 is not lost across a restart": the Event invocation an
 * upload causes is made durable by the same flush as the upload, so killing the
 * emulator with kill -9 right after the PUT is answered (while the function, which
 * sleeps 2 s first, cannot have finished) loses nothing: after a restart the function
 * runs and writes its item.
 */

async function start(stateDir: string): Promise<EmulatorProcess> {
  const emulator = await spawnEmulator({ DARKROOM_STATE_DIR: stateDir, DARKROOM_PERSIST: "1" });
  onTestFinished(() => emulator.kill());
  return emulator;
}

function clientsFor(url: string) {
  const clients = {
    s3: s3Client(url, { maxAttempts: 1 }),
    lambda: lambdaClient(url),
    dynamodb: new DynamoDBClient(clientConfig(url)),
  };
  onTestFinished(() => {
    for (const client of Object.values(clients)) client.destroy();
  });
  return clients;
}

describe("S3 → Lambda across kill -9", () => {
  it("runs the invocation an acknowledged upload caused after a restart", async () => {
    const stateDir = await tempDir("darkroom-s3-lambda-");
    const first = await start(stateDir);
    const before = clientsFor(first.url);

    const bucket = uniqueName("s3-notify-restart");
    await before.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const table = await recorderTable(before.dynamodb);
    const fn = await deployFunction(before.lambda, recorderSource(2000), {
      Environment: { Variables: { TABLE: table } },
    });
    await allowS3(before.lambda, fn.name, bucket);
    await notifyLambda(before.s3, bucket, [
      { Id: "durable", LambdaFunctionArn: fn.arn, Events: ["s3:ObjectCreated:*"] },
    ]);

    const put = await before.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: "photo.jpg", Body: "bytes" }),
    );
    expect(put.$metadata.httpStatusCode).toBe(200);
    await first.kill();

    const second = await start(stateDir);
    const after = clientsFor(second.url);
    const items = await pollUntil(
      () => recorded(after.dynamodb, table),
      (all) => all.length > 0,
      30_000,
    );
    expect(items.map((r) => r.pk)).toEqual(["durable ObjectCreated:Put photo.jpg"]);
    expect(items[0]!.body).toMatchObject({
      eventName: "ObjectCreated:Put",
      responseElements: { "x-amz-request-id": put.$metadata.requestId },
      s3: { bucket: { name: bucket }, object: { key: "photo.jpg", size: 5 } },
    });
  });
});
