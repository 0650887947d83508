import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { emulatorUrl, uniqueName } from "../../emulator/test/support/clients.ts";
import { awsClient, endpointSettings } from "../src/index.ts";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("endpointSettings", () => {
  it("reads the region and the endpoint, and uses path-style S3 only with an endpoint", () => {
    expect(endpointSettings({ AWS_REGION: "eu-west-1" })).toEqual({
      region: "eu-west-1",
      endpoint: undefined,
      s3PathStyle: false,
    });
    expect(
      endpointSettings({ AWS_DEFAULT_REGION: "us-east-1", AWS_ENDPOINT_URL: "http://127.0.0.1:4566/" }),
    ).toEqual({
      region: "us-east-1",
      endpoint: "http://127.0.0.1:4566",
      s3PathStyle: true,
    });
    expect(
      endpointSettings({
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL: "http://localhost:4566",
        DARKROOM_S3_PATH_STYLE: "false",
      }).s3PathStyle,
    ).toBe(false);
  });

  it("names what is wrong", () => {
    expect(() => endpointSettings({})).toThrow(/AWS_REGION is not set/);
    expect(() => endpointSettings({ AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: "localhost:4566" })).toThrow(
      /AWS_ENDPOINT_URL must be an http\(s\) URL/,
    );
    expect(() => endpointSettings({ AWS_REGION: "us-east-1", DARKROOM_S3_PATH_STYLE: "maybe" })).toThrow(
      /DARKROOM_S3_PATH_STYLE/,
    );
  });
});

describe("awsClient", () => {
  const settings = endpointSettings({ AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: emulatorUrl() });

  it("makes S3 clients that reach the target, path-style", async () => {
    const s3 = awsClient(S3Client, { credentials }, settings);
    const bucket = uniqueName("factory");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    expect(await s3.config.forcePathStyle).toBe(true);
    s3.destroy();
  });

  it("makes other clients with the endpoint and region, and lets overrides win", async () => {
    const db = awsClient(DynamoDBClient, { credentials, region: "eu-west-1" }, settings);
    expect(await db.config.region()).toBe("eu-west-1");
    const err = await db
      .send(new DescribeTableCommand({ TableName: uniqueName("missing") }))
      .catch((e: Error) => e);
    expect((err as Error).name).toBe("ResourceNotFoundException");
    db.destroy();
  });
});
