import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Credentials,
  clientConfig,
  emulatorUrl,
  iamClient,
  s3Client,
  stsClient,
  uniqueName,
} from "./support/clients.ts";
import { s3XmlError } from "./support/s3-xml-error.ts";

// Presigned PUTs are made without flexible checksums: the SDK would otherwise sign the
// CRC32 of an empty body into the URL, which AWS's own guidance says to turn off.
const presigner = s3Client(emulatorUrl(), { requestChecksumCalculation: "WHEN_REQUIRED" });
const s3 = s3Client();
const bucket = uniqueName("presigned");

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe("presigned URLs used with plain fetch", () => {
  it("PUT then GET round-trips bytes and Content-Type", async () => {
    const key = "dir/with space/photo.jpg";
    const body = randomBytes(64 * 1024);
    const putUrl = await getSignedUrl(
      presigner,
      new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: "image/jpeg" }),
      { expiresIn: 300 },
    );
    const put = await fetch(putUrl, { method: "PUT", body, headers: { "content-type": "image/jpeg" } });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);

    const getUrl = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 300,
    });
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await got.arrayBuffer()).equals(body)).toBe(true);
  });

  it("signs keys with characters that need encoding", async () => {
    const key = "ünï cöde/a+b!(c)*'~&=;.txt";
    const putUrl = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 60,
    });
    expect((await fetch(putUrl, { method: "PUT", body: "encoded" })).status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await got.Body!.transformToString()).toBe("encoded");
  });

  it("holds the client to a signed Content-Type", async () => {
    const key = "signed-type.json";
    const url = await getSignedUrl(
      presigner,
      new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: "application/json" }),
      { expiresIn: 60, signableHeaders: new Set(["content-type"]) },
    );
    expect(new URL(url).searchParams.get("X-Amz-SignedHeaders")).toBe("content-type;host");
    const wrong = await fetch(url, { method: "PUT", body: "{}", headers: { "content-type": "text/plain" } });
    expect(wrong.status).toBe(403);
    expect((await s3XmlError(wrong)).code).toBe("SignatureDoesNotMatch");
    const right = await fetch(url, {
      method: "PUT",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(right.status).toBe(200);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentType).toBe("application/json");
  });

  it("verifies virtual-hosted URLs, whose host names the bucket", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "virtual.txt", Body: "hosted" }));
    const port = new URL(emulatorUrl()).port;
    const virtual = new S3Client({
      ...clientConfig(`http://s3.localhost.localstack.cloud:${port}`),
      requestChecksumCalculation: "WHEN_REQUIRED",
    });
    const url = new URL(
      await getSignedUrl(virtual, new GetObjectCommand({ Bucket: bucket, Key: "virtual.txt" }), {
        expiresIn: 60,
      }),
    );
    expect(url.hostname).toBe(`${bucket}.s3.localhost.localstack.cloud`);
    // The name need not resolve here: connect to the emulator and send the signed Host header.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, path: `${url.pathname}${url.search}`, headers: { host: url.host } },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => {
            text += d.toString();
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(body).toBe("hosted");
  });

  it("HEAD answers with the object's headers", async () => {
    const key = "head-me.txt";
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: "hello", ContentType: "text/plain" }),
    );
    const url = await getSignedUrl(presigner, new HeadObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 60,
    });
    const res = await fetch(url, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("5");
    expect(res.headers.get("content-type")).toBe("text/plain");
  });

  it("overrides Content-Disposition with response-content-disposition", async () => {
    const key = "report.csv";
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: "a,b\n1,2\n", ContentType: "text/csv" }),
    );
    const disposition = 'attachment; filename="report 2024.csv"';
    const url = await getSignedUrl(
      presigner,
      new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition }),
      { expiresIn: 60 },
    );
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(disposition);
    expect(await res.text()).toBe("a,b\n1,2\n");
  });

  it("rejects a tampered signature with SignatureDoesNotMatch", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "tamper.txt", Body: "x" }));
    const url = new URL(
      await getSignedUrl(presigner, new GetObjectCommand({ Bucket: bucket, Key: "tamper.txt" }), {
        expiresIn: 60,
      }),
    );
    const sig = url.searchParams.get("X-Amz-Signature")!;
    url.searchParams.set("X-Amz-Signature", `${sig[0] === "0" ? "1" : "0"}${sig.slice(1)}`);
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/xml");
    expect(await s3XmlError(res)).toMatchObject({
      code: "SignatureDoesNotMatch",
      message:
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    });
  });

  it("rejects a URL for another key than the one signed", async () => {
    const url = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: bucket, Key: "tamper.txt" }), {
      expiresIn: 60,
    });
    const res = await fetch(url.replace("/tamper.txt?", "/other.txt?"));
    expect(res.status).toBe(403);
    expect((await s3XmlError(res)).code).toBe("SignatureDoesNotMatch");
  });

  it("rejects an expired URL with AccessDenied: Request has expired", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "old.txt", Body: "x" }));
    const url = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: bucket, Key: "old.txt" }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 10 * 60 * 1000),
    });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain("<Code>AccessDenied</Code>");
    expect(text).toContain("<Message>Request has expired</Message>");
    expect(text).toContain("<X-Amz-Expires>60</X-Amz-Expires>");
  });

  it("rejects a URL once its short lifetime has passed", async () => {
    // X-Amz-Date has whole seconds, so a 2 s lifetime leaves at least 1 s for the first fetch.
    const url = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: bucket, Key: "old.txt" }), {
      expiresIn: 2,
    });
    expect((await fetch(url)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3100));
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await s3XmlError(res)).toMatchObject({ code: "AccessDenied", message: "Request has expired" });
  });

  it("rejects an unknown access key with InvalidAccessKeyId", async () => {
    const stranger = s3Client(emulatorUrl(), {
      credentials: { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "nope" },
    });
    const url = await getSignedUrl(stranger, new GetObjectCommand({ Bucket: bucket, Key: "old.txt" }), {
      expiresIn: 60,
    });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect((await s3XmlError(res)).code).toBe("InvalidAccessKeyId");
  });
});

const roleName = uniqueName("presign-role");

describe("presigned URLs with temporary credentials", () => {
  async function roundTrip(credentials: Required<Credentials>) {
    const client = s3Client(emulatorUrl(), { requestChecksumCalculation: "WHEN_REQUIRED", credentials });
    const key = `temp/${uniqueName("obj")}`;
    const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 60,
    });
    expect(new URL(putUrl).searchParams.get("X-Amz-Security-Token")).toBe(credentials.sessionToken);
    expect((await fetch(putUrl, { method: "PUT", body: "temporary" })).status).toBe(200);
    const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 60,
    });
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe("temporary");

    // The token is part of the credential: a URL carrying another one is refused.
    const forged = new URL(getUrl);
    forged.searchParams.set("X-Amz-Security-Token", "not-the-token");
    const refused = await fetch(forged);
    expect(refused.status).toBe(400);
    expect((await s3XmlError(refused)).code).toBe("InvalidToken");
  }

  it("works with GetSessionToken credentials", async () => {
    const out = await stsClient().send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const c = out.Credentials!;
    await roundTrip({
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
  });

  it("works with AssumeRole credentials", async () => {
    await iamClient().send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    const out = await stsClient().send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::000000000000:role/${roleName}`,
        RoleSessionName: "presign",
      }),
    );
    const c = out.Credentials!;
    await roundTrip({
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
  });
});
