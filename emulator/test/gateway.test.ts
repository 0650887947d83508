import { Agent } from "node:http";
import { gzipSync } from "node:zlib";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, it } from "vitest";
import { clientConfig, emulatorUrl, s3Client, uniqueName } from "./support/clients.ts";
import { signedFetch } from "./support/signed-request.ts";

/** An S3 request no SDK client produces. */
function signedS3(method: string, path: string) {
  return signedFetch({
    service: "s3",
    method,
    url: new URL(path, emulatorUrl()),
    headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
  });
}

describe("the gateway", () => {
  it("answers /_localstack/health in LocalStack's format", async () => {
    const res = await fetch(`${emulatorUrl()}/_localstack/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const health = (await res.json()) as {
      services: Record<string, string>;
      edition: unknown;
      version: unknown;
    };
    expect(health.services).toMatchObject({ s3: "running", sts: "running", iam: "running" });
    for (const state of Object.values(health.services)) expect(["running", "available"]).toContain(state);
    expect(typeof health.edition).toBe("string");
    expect(typeof health.version).toBe("string");
  });

  it("names an unimplemented S3 operation in a 501", async () => {
    const bucket = uniqueName("gw");
    await s3Client().send(new CreateBucketCommand({ Bucket: bucket }));
    const res = await signedS3("POST", `/${bucket}/k?select&select-type=2`);
    expect(res.status).toBe(501);
    const text = await res.text();
    expect(text).toContain("<Code>NotImplemented</Code>");
    expect(text).toContain("SelectObjectContent");
    expect(res.headers.get("x-amz-request-id")).toBeTruthy();
  });

  it("never routes an unknown bucket sub-resource to the bare-bucket operation", async () => {
    const bucket = uniqueName("gw");
    const s3 = s3Client();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const res = await signedS3("DELETE", `/${bucket}?metrics&id=all`);
    expect(res.status).toBe(501);
    expect(await res.text()).toContain("DeleteBucketMetricsConfiguration");
    // DeleteBucket would have removed it.
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
  });

  it("refuses a max-buckets outside 1-10000 instead of failing", async () => {
    for (const value of ["0", "abc"]) {
      const res = await signedS3("GET", `/?max-buckets=${value}`);
      expect(res.status, value).toBe(400);
      expect(await res.text()).toContain("<Code>InvalidArgument</Code>");
    }
  });

  it("names an unimplemented query-protocol action", async () => {
    const res = await signedFetch({
      service: "sts",
      url: emulatorUrl(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetFederationToken&Version=2011-06-15&Name=x",
    });
    expect(res.status).toBe(501);
    const text = await res.text();
    expect(text).toContain("<Code>NotImplemented</Code>");
    expect(text).toContain("GetFederationToken");
  });

  it("decodes a gzip Content-Encoding for services other than S3", async () => {
    const form = gzipSync("Action=GetCallerIdentity&Version=2011-06-15");
    const res = await signedFetch({
      service: "sts",
      url: emulatorUrl(),
      headers: { "content-type": "application/x-www-form-urlencoded", "content-encoding": "gzip" },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<Account>000000000000</Account>");
  });

  it("refuses unsigned requests in strict mode", async () => {
    const res = await fetch(`${emulatorUrl()}/`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("serves virtual-hosted-style S3 addressing", async () => {
    const bucket = uniqueName("vhost");
    const port = new URL(emulatorUrl()).port;
    // Resolve every *.localhost name to loopback, as browsers and systemd-resolved do.
    const agent = new Agent({
      lookup: (_host, _opts, cb) => cb(null, [{ address: "127.0.0.1", family: 4 }]),
    });
    const client = new S3Client({
      ...clientConfig(`http://localhost:${port}`),
      forcePathStyle: false,
      requestHandler: new NodeHttpHandler({ httpAgent: agent }),
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: "dir/file.txt", Body: "virtual" }));
    // Path style sees the same object, so both addressing modes resolve to one bucket.
    const got = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: "dir/file.txt" }));
    expect(await got.Body!.transformToString()).toBe("virtual");
  });
});
