import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { beforeAll, describe, expect, it } from "vitest";
import { emulatorUrl, s3Client, uniqueName } from "./support/clients.ts";
import { s3XmlError } from "./support/s3-xml-error.ts";

const s3 = s3Client();
const ORIGIN = "http://localhost:5173";
const VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
const bucket = uniqueName("cors");
const plainBucket = uniqueName("cors-none");

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new CreateBucketCommand({ Bucket: plainBucket }));
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [ORIGIN],
            AllowedMethods: ["GET", "PUT", "POST"],
            AllowedHeaders: ["Content-Type", "x-amz-*"],
            ExposeHeaders: ["ETag"],
            MaxAgeSeconds: 3000,
          },
          { AllowedOrigins: ["*"], AllowedMethods: ["HEAD"] },
        ],
      },
    }),
  );
});

/** A browser's preflight: an unsigned OPTIONS. */
function preflight(path: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${emulatorUrl()}/${path}`, { method: "OPTIONS", headers });
}

describe("CORS preflight (OPTIONS)", () => {
  it("answers an allowed origin, method and headers with the rule's CORS headers", async () => {
    const res = await preflight(`${bucket}/photos/cat.jpg`, {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "PUT",
      "Access-Control-Request-Headers": "content-type, X-Amz-Meta-Owner",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, PUT, POST");
    expect(res.headers.get("access-control-allow-headers")).toBe("content-type, x-amz-meta-owner");
    expect(res.headers.get("access-control-expose-headers")).toBe("ETag");
    expect(res.headers.get("access-control-max-age")).toBe("3000");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("vary")).toBe(VARY);
  });

  it("answers a rule allowing any origin with * and no credentials", async () => {
    const res = await preflight(bucket, {
      Origin: "https://elsewhere.example",
      "Access-Control-Request-Method": "HEAD",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("access-control-allow-methods")).toBe("HEAD");
  });

  it("refuses an origin no rule allows", async () => {
    const res = await preflight(`${bucket}/photos/cat.jpg`, {
      Origin: "http://evil.example",
      "Access-Control-Request-Method": "PUT",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const body = await res.text();
    expect(body).toContain("<Code>AccessForbidden</Code>");
    expect(body).toContain(
      "<Message>CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource&apos;s CORS spec.</Message>",
    );
    expect(body).toContain("<Method>PUT</Method>");
    expect(body).toContain("<ResourceType>OBJECT</ResourceType>");
  });

  it("refuses a method no rule allows", async () => {
    const res = await preflight(`${bucket}/photos/cat.jpg`, {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "DELETE",
    });
    expect(res.status).toBe(403);
    expect((await s3XmlError(res)).code).toBe("AccessForbidden");
  });

  it("refuses a header no rule allows", async () => {
    const res = await preflight(`${bucket}/photos/cat.jpg`, {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "PUT",
      "Access-Control-Request-Headers": "content-type, authorization",
    });
    expect(res.status).toBe(403);
    expect((await s3XmlError(res)).code).toBe("AccessForbidden");
  });

  it("needs an Origin", async () => {
    const res = await preflight(`${bucket}/photos/cat.jpg`, { "Access-Control-Request-Method": "PUT" });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("<Code>BadRequest</Code>");
    expect(body).toContain("<Message>Insufficient information. Origin request header needed.</Message>");
  });

  it("refuses preflights to a bucket without CORS and to a missing bucket", async () => {
    const none = await preflight(`${plainBucket}/k`, {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "GET",
    });
    expect(none.status).toBe(403);
    expect(await none.text()).toContain(
      "<Message>CORSResponse: CORS is not enabled for this bucket.</Message>",
    );
    const missing = await preflight(`${uniqueName("absent")}/k`, {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "GET",
    });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("<Message>CORSResponse: Bucket not found</Message>");
  });
});

describe("CORS headers on actual requests", () => {
  it("adds the allowed origin and exposes ETag on a PUT and a GET from an allowed origin", async () => {
    const key = "photos/dog.jpg";
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key }));
    const put = await fetch(putUrl, { method: "PUT", headers: { Origin: ORIGIN }, body: "woof" });
    expect(put.status).toBe(200);
    expect(put.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(put.headers.get("access-control-expose-headers")).toBe("ETag");
    expect(put.headers.get("vary")).toBe(VARY);
    const etag = put.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }));
    const get = await fetch(getUrl, { headers: { Origin: ORIGIN } });
    expect(get.status).toBe(200);
    expect(await get.text()).toBe("woof");
    expect(get.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(get.headers.get("access-control-allow-credentials")).toBe("true");
    expect(get.headers.get("access-control-expose-headers")).toBe("ETag");
    expect(get.headers.get("etag")).toBe(etag);
  });

  it("adds them to error responses too, so the browser can read the error", async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "absent" }));
    const res = await fetch(url, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect((await s3XmlError(res)).code).toBe("NoSuchKey");
  });

  it("adds nothing without an Origin, for an origin no rule allows, or for a bucket without CORS", async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "absent" }));
    const bare = await fetch(url);
    expect(bare.headers.get("access-control-allow-origin")).toBeNull();
    const evil = await fetch(url, { headers: { Origin: "http://evil.example" } });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    expect(evil.headers.get("vary")).toBeNull();
    await s3.send(new PutObjectCommand({ Bucket: plainBucket, Key: "k", Body: "x" }));
    const plainUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: plainBucket, Key: "k" }));
    const plain = await fetch(plainUrl, { headers: { Origin: ORIGIN } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });
});
