import { createHash, createHmac, randomBytes } from "node:crypto";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorUrl, s3Client, stsClient, uniqueName } from "./support/clients.ts";
import { type EmulatorProcess, spawnEmulator } from "./support/emulator-process.ts";
import { objectBytes } from "./support/s3-body.ts";
import { s3XmlError, xmlElement } from "./support/s3-xml-error.ts";

const s3 = s3Client();
const bucket = uniqueName("post-upload");
const MiB = 1024 * 1024;
const SIZE_LIMIT: ["content-length-range", number, number] = ["content-length-range", 1, 5 * MiB];
// biome-ignore lint/suspicious/noTemplateCurlyInString: S3's own variable syntax, not a template.
const FILENAME = "${filename}";

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

type Fields = Record<string, string>;

/** Sends a browser-style form: the fields in order, then the file last (and optionally fields after it). */
async function postForm(
  url: string,
  fields: Fields,
  file: Uint8Array | string,
  options: { filename?: string; after?: Fields } = {},
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", new Blob([file]), options.filename ?? "upload.bin");
  for (const [name, value] of Object.entries(options.after ?? {})) form.append(name, value);
  return fetch(url, { method: "POST", body: form, redirect: "manual" });
}

async function expectAbsent(key: string): Promise<void> {
  await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({
    $metadata: { httpStatusCode: 404 },
  });
}

describe("POST uploads signed by createPresignedPost (SigV4)", () => {
  it("stores a 1 MiB file and answers 204 with ETag and Location", async () => {
    const key = "uploads/one-mib.bin";
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: bucket,
      Key: key,
      Conditions: [SIZE_LIMIT],
    });
    expect(url).toBe(`${emulatorUrl()}/${bucket}`);
    const body = randomBytes(MiB);
    const res = await postForm(url, fields, body);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get("location")).toBe(`${emulatorUrl()}/${bucket}/uploads%2Fone-mib.bin`);
    expect(res.headers.get("x-amz-checksum-crc64nvme")).toBeTruthy();
    expect((await objectBytes(s3, bucket, key)).equals(body)).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ETag).toBe(res.headers.get("etag"));
    // The file part's own type is not the object's: only a Content-Type field sets it.
    expect(head.ContentType).toBe("binary/octet-stream");
  });

  it("refuses a 6 MiB file with EntityTooLarge and stores nothing", async () => {
    const key = "uploads/too-large.bin";
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: bucket,
      Key: key,
      Conditions: [SIZE_LIMIT],
    });
    const res = await postForm(url, fields, randomBytes(6 * MiB));
    expect(res.status).toBe(400);
    const err = await s3XmlError(res);
    expect(err.code).toBe("EntityTooLarge");
    expect(err.message).toBe("Your proposed upload exceeds the maximum allowed size");
    expect(xmlElement(err.xml, "ProposedSize")).toBe(String(6 * MiB));
    expect(xmlElement(err.xml, "MaxSizeAllowed")).toBe(String(5 * MiB));
    await expectAbsent(key);
  });

  it("refuses an empty file with EntityTooSmall", async () => {
    const key = "uploads/empty.bin";
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: bucket,
      Key: key,
      Conditions: [SIZE_LIMIT],
    });
    const res = await postForm(url, fields, new Uint8Array(0));
    expect(res.status).toBe(400);
    const err = await s3XmlError(res);
    expect(err.code).toBe("EntityTooSmall");
    expect(err.message).toBe("Your proposed upload is smaller than the minimum allowed size");
    expect(xmlElement(err.xml, "ProposedSize")).toBe("0");
    expect(xmlElement(err.xml, "MinSizeAllowed")).toBe("1");
    await expectAbsent(key);
  });

  it("accepts sizes on both bounds of the range", async () => {
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: bucket,
      Key: "uploads/bounds",
      Conditions: [["content-length-range", 5, 10]],
    });
    expect((await postForm(url, fields, "12345")).status).toBe(204);
    expect((await postForm(url, fields, "1234567890")).status).toBe(204);
    expect((await postForm(url, fields, "12345678901")).status).toBe(400);
  });

  it("refuses an expired policy", async () => {
    const key = "uploads/expired.bin";
    // A client whose clock is two hours behind signs a policy that expired an hour ago.
    const late = s3Client(emulatorUrl(), { systemClockOffset: -2 * 3600 * 1000 });
    const { url, fields } = await createPresignedPost(late, { Bucket: bucket, Key: key, Expires: 3600 });
    const res = await postForm(url, fields, "data");
    expect(res.status).toBe(403);
    expect(await s3XmlError(res)).toMatchObject({
      code: "AccessDenied",
      message: "Invalid according to Policy: Policy expired.",
    });
    await expectAbsent(key);
  });

  it("refuses a tampered signature with SignatureDoesNotMatch", async () => {
    const key = "uploads/tampered.bin";
    const { url, fields } = await createPresignedPost(s3, { Bucket: bucket, Key: key });
    const sig = fields["X-Amz-Signature"]!;
    const res = await postForm(
      url,
      { ...fields, "X-Amz-Signature": `${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}` },
      "x",
    );
    expect(res.status).toBe(403);
    const err = await s3XmlError(res);
    expect(err.code).toBe("SignatureDoesNotMatch");
    expect(xmlElement(err.xml, "StringToSign")).toBe(fields.Policy);
    expect(xmlElement(err.xml, "AWSAccessKeyId")).toBe("test");
    await expectAbsent(key);
  });

  it("refuses a policy changed after signing", async () => {
    const { url, fields } = await createPresignedPost(s3, { Bucket: bucket, Key: "uploads/changed.bin" });
    const policy = JSON.parse(Buffer.from(fields.Policy!, "base64").toString());
    policy.conditions.push(["content-length-range", 0, 10 * MiB * 1024]);
    const forged = Buffer.from(JSON.stringify(policy)).toString("base64");
    const res = await postForm(url, { ...fields, Policy: forged }, "x");
    expect(res.status).toBe(403);
    expect((await s3XmlError(res)).code).toBe("SignatureDoesNotMatch");
  });

  it("refuses a field no condition covers", async () => {
    const key = "uploads/extra.bin";
    const { url, fields } = await createPresignedPost(s3, { Bucket: bucket, Key: key });
    const res = await postForm(url, { ...fields, "x-amz-meta-sneaky": "1" }, "x");
    expect(res.status).toBe(403);
    expect(await s3XmlError(res)).toMatchObject({
      code: "AccessDenied",
      message: "Invalid according to Policy: Extra input fields: x-amz-meta-sneaky",
    });
    await expectAbsent(key);
  });

  it("ignores x-ignore- fields and fields after the file", async () => {
    const key = "uploads/ignored.bin";
    const { url, fields } = await createPresignedPost(s3, { Bucket: bucket, Key: key });
    const res = await postForm(url, { ...fields, "x-ignore-flash": "yes" }, "ok", {
      after: { submit: "Upload", "x-amz-meta-late": "never-seen" },
    });
    expect(res.status).toBe(204);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.Metadata).toEqual({});
  });

  it("refuses a key the policy does not allow, quoting the condition", async () => {
    const { url, fields } = await createPresignedPost(s3, { Bucket: bucket, Key: "uploads/allowed.bin" });
    const res = await postForm(url, { ...fields, key: "elsewhere.bin" }, "x");
    expect(res.status).toBe(403);
    expect((await s3XmlError(res)).message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "uploads/allowed.bin"]',
    );
  });

  it("refuses a form posted to another bucket than the policy names", async () => {
    const other = uniqueName("post-other");
    await s3.send(new CreateBucketCommand({ Bucket: other }));
    const { fields } = await createPresignedPost(s3, { Bucket: bucket, Key: "uploads/wrong-bucket.bin" });
    const res = await postForm(`${emulatorUrl()}/${other}`, fields, "x");
    expect(res.status).toBe(403);
    expect((await s3XmlError(res)).message).toBe(
      `Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "${bucket}"]`,
    );
  });

  it("expands the filename variable in the key", async () => {
    const { url, fields } = await createPresignedPost(s3, { Bucket: bucket, Key: `by-name/${FILENAME}` });
    expect(fields.key).toBe(`by-name/${FILENAME}`);
    const res = await postForm(url, fields, "named", { filename: "holiday photo.jpg" });
    expect(res.status).toBe(204);
    expect((await objectBytes(s3, bucket, "by-name/holiday photo.jpg")).toString()).toBe("named");
  });

  it("answers 201 with a PostResponse document", async () => {
    const key = "uploads/created.txt";
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: bucket,
      Key: key,
      Fields: { success_action_status: "201" },
    });
    const res = await postForm(url, fields, "created");
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/xml");
    const xml = await res.text();
    expect(xml).toContain("<PostResponse>");
    const location = `${emulatorUrl()}/${bucket}/uploads%2Fcreated.txt`;
    expect(xmlElement(xml, "Location")).toBe(location);
    expect(xmlElement(xml, "Bucket")).toBe(bucket);
    expect(xmlElement(xml, "Key")).toBe(key);
    const etag = `"${createHash("md5").update("created").digest("hex")}"`;
    expect(xmlElement(xml, "ETag")).toBe(etag);
    expect(res.headers.get("etag")).toBe(etag);
    expect(res.headers.get("location")).toBe(location);
  });

  it("answers 200 with an empty body, and 204 for a status it does not know", async () => {
    for (const [asked, expected] of [
      ["200", 200],
      ["404", 204],
    ] as const) {
      const { url, fields } = await createPresignedPost(s3, {
        Bucket: bucket,
        Key: `uploads/status-${asked}`,
        Fields: { success_action_status: asked },
      });
      const res = await postForm(url, fields, "x");
      expect(res.status).toBe(expected);
      expect(await res.text()).toBe("");
    }
  });

  it("redirects with 303 to success_action_redirect", async () => {
    const key = "uploads/redirected file.txt";
    const target = "https://app.example.com/done?from=form";
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: bucket,
      Key: key,
      Fields: { success_action_redirect: target },
    });
    const res = await postForm(url, fields, "redirect me");
    expect(res.status).toBe(303);
    const etag = res.headers.get("etag")!;
    expect(res.headers.get("location")).toBe(
      `${target}&bucket=${bucket}&key=uploads%2Fredirected+file.txt&etag=${encodeURIComponent(etag)}`,
    );
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await objectBytes(s3, bucket, key)).toString()).toBe("redirect me");
  });

  it("applies metadata, standard headers, storage class and tags from fields", async () => {
    const key = "uploads/described.txt";
    const tagging =
      "<Tagging><TagSet><Tag><Key>team</Key><Value>web</Value></Tag><Tag><Key>tier</Key><Value>gold</Value></Tag></TagSet></Tagging>";
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: bucket,
      Key: key,
      Fields: {
        "x-amz-meta-Owner": "alice",
        "Cache-Control": "max-age=60",
        "Content-Disposition": 'attachment; filename="described.txt"',
        "x-amz-storage-class": "STANDARD_IA",
        tagging,
      },
      Conditions: [["starts-with", "$Content-Type", "text/"]],
    });
    const res = await postForm(url, { ...fields, "Content-Type": "text/plain" }, "described");
    expect(res.status).toBe(204);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(got.ContentType).toBe("text/plain");
    expect(got.CacheControl).toBe("max-age=60");
    expect(got.ContentDisposition).toBe('attachment; filename="described.txt"');
    expect(got.Metadata).toEqual({ owner: "alice" });
    expect(got.StorageClass).toBe("STANDARD_IA");
    expect(got.TagCount).toBe(2);
  });

  it("encodes non-ASCII metadata as RFC 2047 words, as S3 returns it", async () => {
    const key = "uploads/unicode.txt";
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: bucket,
      Key: key,
      Fields: {
        "x-amz-meta-brand": "ÄMÄZÕÑ S3",
        "x-amz-meta-raw": "\u0000\u0001\u0002\u0003\u0004",
        "x-amz-meta-plain": "ascii only",
        "Content-Disposition": 'attachment; filename="报告.txt"',
      },
    });
    expect((await postForm(url, fields, "unicode")).status).toBe(204);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.Metadata).toEqual({
      brand: "=?UTF-8?Q?=C3=84M=C3=84Z=C3=95=C3=91_S3?=",
      raw: "=?UTF-8?B?AAECAwQ=?=",
      plain: "ascii only",
    });
    // Other headers go out as their UTF-8 bytes, which an HTTP client reads as Latin-1.
    expect(Buffer.from(head.ContentDisposition!, "latin1").toString("utf8")).toBe(
      'attachment; filename="报告.txt"',
    );
  });

  it("holds every listed Content-Type to a starts-with condition", async () => {
    const { url, fields } = await createPresignedPost(s3, {
      Bucket: bucket,
      Key: "uploads/typed",
      Conditions: [["starts-with", "$Content-Type", "image/"]],
    });
    expect((await postForm(url, { ...fields, "Content-Type": "image/png,image/gif" }, "x")).status).toBe(204);
    const res = await postForm(url, { ...fields, "Content-Type": "image/png,text/html" }, "x");
    expect(res.status).toBe(403);
    expect((await s3XmlError(res)).message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
    );
  });

  it("refuses an unknown access key with InvalidAccessKeyId", async () => {
    const stranger = s3Client(emulatorUrl(), {
      credentials: { accessKeyId: "AKIAUNKNOWNPOSTKEY00", secretAccessKey: "nope" },
    });
    const { url, fields } = await createPresignedPost(stranger, { Bucket: bucket, Key: "uploads/stranger" });
    const res = await postForm(url, fields, "x");
    expect(res.status).toBe(403);
    const err = await s3XmlError(res);
    expect(err.code).toBe("InvalidAccessKeyId");
    expect(xmlElement(err.xml, "AWSAccessKeyId")).toBe("AKIAUNKNOWNPOSTKEY00");
  });

  it("works with temporary credentials and their session token", async () => {
    const c = (await stsClient().send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
    const temp = s3Client(emulatorUrl(), {
      credentials: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      },
    });
    const key = "uploads/temporary.txt";
    const { url, fields } = await createPresignedPost(temp, { Bucket: bucket, Key: key });
    expect(fields["X-Amz-Security-Token"]).toBe(c.SessionToken);
    expect((await postForm(url, fields, "temp")).status).toBe(204);
    expect((await objectBytes(s3, bucket, key)).toString()).toBe("temp");

    const res = await postForm(url, { ...fields, "X-Amz-Security-Token": "forged" }, "temp");
    expect(res.status).toBe(400);
    expect((await s3XmlError(res)).code).toBe("InvalidToken");
  });

  it("refuses an unsigned form in strict mode", async () => {
    const res = await postForm(`${emulatorUrl()}/${bucket}`, { key: "uploads/anonymous" }, "x");
    expect(res.status).toBe(403);
    expect(await s3XmlError(res)).toMatchObject({ code: "AccessDenied", message: "Access Denied" });
    await expectAbsent("uploads/anonymous");
  });

  it("names a missing key field, even one sent after the file", async () => {
    const { url, fields } = await createPresignedPost(s3, { Bucket: bucket, Key: "uploads/late-key" });
    const { key, ...rest } = fields;
    const res = await postForm(url, rest, "x", { after: { key: key! } });
    expect(res.status).toBe(400);
    const err = await s3XmlError(res);
    expect(err.code).toBe("InvalidArgument");
    expect(err.message).toBe(
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    );
    expect(xmlElement(err.xml, "ArgumentName")).toBe("key");
  });

  it("names a missing signature field", async () => {
    const { url, fields } = await createPresignedPost(s3, { Bucket: bucket, Key: "uploads/unsigned" });
    const { "X-Amz-Signature": _, ...rest } = fields;
    const res = await postForm(url, rest, "x");
    expect(res.status).toBe(400);
    expect(await s3XmlError(res)).toMatchObject({
      code: "InvalidArgument",
      message:
        "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.",
    });
  });

  it("refuses a form without a file", async () => {
    const { url, fields } = await createPresignedPost(s3, { Bucket: bucket, Key: "uploads/no-file" });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const res = await fetch(url, { method: "POST", body: form });
    expect(res.status).toBe(400);
    const err = await s3XmlError(res);
    expect(err.code).toBe("InvalidArgument");
    expect(err.message).toBe("POST requires exactly one file upload per request.");
  });
});

describe("multipart/form-data as clients write it", () => {
  /** A form body written by hand, so the test controls every byte. */
  function rawForm(boundary: string, parts: string[], options: { preamble?: string; file: Buffer }): Buffer {
    const head = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("");
    return Buffer.concat([
      Buffer.from(`${options.preamble ?? ""}${head}--${boundary}\r\n`),
      Buffer.from('Content-Disposition: form-data; name="file"; filename="C:\\Users\\me\\Résumé.pdf"\r\n'),
      Buffer.from("Content-Type: application/pdf\r\n\r\n"),
      options.file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
  }

  async function signedFields(key: string): Promise<Fields> {
    const { fields } = await createPresignedPost(s3, { Bucket: bucket, Key: key });
    return fields;
  }

  it("parses a quoted boundary, a preamble, padding and a Windows path as the file name", async () => {
    const fields = await signedFields(`raw/${FILENAME}`);
    const boundary = "----=_Part 7 (raw)";
    const file = Buffer.concat([Buffer.from(`\r\n--${boundary.slice(0, -1)}`), randomBytes(4096)]);
    const body = rawForm(
      boundary,
      Object.entries(fields).map(([n, v]) => `Content-Disposition: form-data; name="${n}"\r\n\r\n${v}`),
      { preamble: "This is a preamble.\r\n", file },
    );
    const res = await fetch(`${emulatorUrl()}/${bucket}`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary="${boundary}"` },
      body,
    });
    expect(res.status).toBe(204);
    expect((await objectBytes(s3, bucket, "raw/Résumé.pdf")).equals(file)).toBe(true);
  });

  it("keeps the filename variable as written when the file part has no file name", async () => {
    const fields = await signedFields(`raw/${FILENAME}`);
    const boundary = "b0undary";
    const head = Object.entries(fields)
      .map(([n, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`)
      .join("");
    const body = `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nliteral\r\n--${boundary}--\r\n`;
    const res = await fetch(`${emulatorUrl()}/${bucket}`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.status).toBe(204);
    expect((await objectBytes(s3, bucket, `raw/${FILENAME}`)).toString()).toBe("literal");
  });

  it("answers MalformedPOSTRequest without a boundary", async () => {
    const res = await fetch(`${emulatorUrl()}/${bucket}`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data" },
      body: "key=x",
    });
    expect(res.status).toBe(400);
    expect(await s3XmlError(res)).toMatchObject({
      code: "MalformedPOSTRequest",
      message: "The body of your POST request is not well-formed multipart/form-data.",
    });
  });

  it("refuses more than 20 KB of fields before the file", async () => {
    const fields = await signedFields("raw/bloated");
    const res = await postForm(
      `${emulatorUrl()}/${bucket}`,
      { ...fields, "x-ignore-padding": "p".repeat(21_000) },
      "x",
    );
    expect(res.status).toBe(400);
    const err = await s3XmlError(res);
    expect(err.code).toBe("MaxPostPreDataLengthExceeded");
    expect(xmlElement(err.xml, "MaxPostPreDataLengthBytes")).toBe("20480");
  });
});

describe("POST uploads signed with SigV2", () => {
  /** A SigV2 form: base64 policy, base64 HMAC-SHA1 over it with the secret key. */
  function v2Form(conditions: unknown[], secret = "test", expiresInMs = 3600_000): Fields {
    const policy = Buffer.from(
      JSON.stringify({ expiration: new Date(Date.now() + expiresInMs).toISOString(), conditions }),
    ).toString("base64");
    return {
      AWSAccessKeyId: "test",
      policy,
      signature: createHmac("sha1", secret).update(policy).digest("base64"),
    };
  }

  it("stores the file when the signature holds", async () => {
    const key = "v2/photo.jpg";
    const auth = v2Form([
      { bucket },
      ["starts-with", "$key", "v2/"],
      ["starts-with", "$Content-Type", "image/"],
      ["content-length-range", 0, 1024],
    ]);
    const res = await postForm(
      `${emulatorUrl()}/${bucket}`,
      { key, "Content-Type": "image/jpeg", ...auth },
      "jpeg",
    );
    expect(res.status).toBe(204);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentType).toBe("image/jpeg");
    expect((await objectBytes(s3, bucket, key)).toString()).toBe("jpeg");
  });

  it("matches field names and condition names case-insensitively", async () => {
    const key = "v2/cased.txt";
    const auth = v2Form([{ BUCKET: bucket }, ["starts-with", "$KeY", "v2/"]]);
    const res = await postForm(
      `${emulatorUrl()}/${bucket}`,
      { KEY: key, awsaccesskeyid: auth.AWSAccessKeyId!, Policy: auth.policy!, Signature: auth.signature! },
      "cased",
    );
    expect(res.status).toBe(204);
    expect((await objectBytes(s3, bucket, key)).toString()).toBe("cased");
  });

  it("refuses a signature made with another secret", async () => {
    const auth = v2Form([{ bucket }, ["starts-with", "$key", ""]], "not-the-secret");
    const res = await postForm(`${emulatorUrl()}/${bucket}`, { key: "v2/forged", ...auth }, "x");
    expect(res.status).toBe(403);
    expect((await s3XmlError(res)).code).toBe("SignatureDoesNotMatch");
    await expectAbsent("v2/forged");
  });

  it("answers InvalidPolicyDocument for a malformed policy", async () => {
    const cases: Array<[unknown, string]> = [
      [{ conditions: [] }, "Invalid Policy: Policy missing expiration."],
      [{ expiration: "2099-01-01T00:00:00Z" }, "Invalid Policy: Policy missing conditions."],
      [
        { expiration: "2099-01-01 00:00:00", conditions: [] },
        "Invalid Policy: Invalid 'expiration' value: '2099-01-01 00:00:00'",
      ],
      [
        { expiration: "2099-01-01T00:00:00Z", conditions: [{}] },
        "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.",
      ],
      [
        { expiration: "2099-01-01T00:00:00Z", conditions: [["content-length-range", 0]] },
        "Invalid Policy: Invalid content-length-range: wrong number of arguments.",
      ],
    ];
    for (const [document, message] of cases) {
      const policy = Buffer.from(JSON.stringify(document)).toString("base64");
      const signature = createHmac("sha1", "test").update(policy).digest("base64");
      const res = await postForm(
        `${emulatorUrl()}/${bucket}`,
        { key: "v2/bad-policy", AWSAccessKeyId: "test", policy, signature },
        "x",
      );
      expect(res.status).toBe(400);
      expect(await s3XmlError(res)).toMatchObject({ code: "InvalidPolicyDocument", message });
    }
    await expectAbsent("v2/bad-policy");
  });
});

const versionedBucket = uniqueName("post-versioned");

describe("POST uploads to a versioned bucket", () => {
  it("answers with the new version's id", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: versionedBucket }));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: versionedBucket,
        VersioningConfiguration: { Status: "Enabled" },
      }),
    );
    const { url, fields } = await createPresignedPost(s3, { Bucket: versionedBucket, Key: "v.txt" });
    const res = await postForm(url, fields, "v1");
    expect(res.status).toBe(204);
    const versionId = res.headers.get("x-amz-version-id");
    expect(versionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const head = await s3.send(new HeadObjectCommand({ Bucket: versionedBucket, Key: "v.txt" }));
    expect(head.VersionId).toBe(versionId);
  });
});

describe("POST uploads in lenient mode", () => {
  let lenient: EmulatorProcess;
  let client: S3Client;
  const lenientBucket = uniqueName("post-lenient");

  beforeAll(async () => {
    lenient = await spawnEmulator({ DARKROOM_PERSIST: "0", DARKROOM_AUTH: "lenient" });
    client = s3Client(lenient.url);
    await client.send(new CreateBucketCommand({ Bucket: lenientBucket }));
  });

  afterAll(async () => {
    await lenient?.stop();
  });

  it("accepts any access key, but still enforces the policy's conditions", async () => {
    const anyone = s3Client(lenient.url, {
      credentials: { accessKeyId: "AKIAANYKEYATALL00000", secretAccessKey: "whatever" },
    });
    const { url, fields } = await createPresignedPost(anyone, {
      Bucket: lenientBucket,
      Key: "any-key.txt",
      Conditions: [["content-length-range", 1, 4]],
    });
    expect((await postForm(url, fields, "ok")).status).toBe(204);
    const tooLarge = await postForm(url, fields, "too large");
    expect(tooLarge.status).toBe(400);
    expect((await s3XmlError(tooLarge)).code).toBe("EntityTooLarge");
  });

  it("accepts an unsigned form", async () => {
    const res = await postForm(`${lenient.url}/${lenientBucket}`, { key: "open.txt" }, "open");
    expect(res.status).toBe(204);
    const got = await client.send(new GetObjectCommand({ Bucket: lenientBucket, Key: "open.txt" }));
    expect(await got.Body!.transformToString()).toBe("open");
  });
});
