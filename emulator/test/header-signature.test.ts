import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { NodeSha256 } from "../src/auth/hash.ts";
import { VerifyingSigner } from "../src/auth/header-signature.ts";

interface Case {
  name: string;
  service: string;
  sessionToken?: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: Buffer;
  /** Headers left out of the signature (x-amz-content-sha256 when the client did not sign it). */
  unsignable?: string[];
}

const SHA = "888948790933581e20b963ff552f277ae1019fd1e8e726d47430e00db2333250";
const CASES: Case[] = [
  {
    name: "an SDK PutObject",
    service: "s3",
    path: "/bench/obj-1",
    query: { "x-id": "PutObject" },
    headers: {
      host: "127.0.0.1:4566",
      "content-type": "application/octet-stream",
      "content-length": "102400",
      "x-amz-checksum-crc32": "XlNF2w==",
      "x-amz-sdk-checksum-algorithm": "CRC32",
      "x-amz-content-sha256": SHA,
      "x-amz-date": "20261123T065830Z",
      "x-amz-user-agent": "aws-sdk-js/3.1168.0",
      "amz-sdk-request": "attempt=1; max=3",
    },
  },
  {
    name: "temporary credentials (the signer adds their token), odd whitespace and repeated query keys",
    service: "s3",
    sessionToken: "FQoGZXIvYXdzEXAMPLE",
    path: "/b/a%20key/with+plus",
    query: { prefix: "a b", list: ["2", "1"], versions: "" },
    headers: {
      host: "bucket.localhost:4566",
      "x-amz-meta-note": "  two   spaces\tand a tab ",
      "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
      "x-amz-date": "20261123T065830Z",
    },
  },
  {
    name: "an unsigned x-amz-content-sha256 and a signed Date header",
    service: "s3",
    path: "/b/k",
    query: {},
    headers: {
      host: "localhost:4566",
      date: "Mon, 23 Nov 2026 06:58:30 GMT",
      "x-amz-content-sha256": SHA,
      "x-amz-date": "20261123T065830Z",
    },
    unsignable: ["x-amz-content-sha256"],
  },
  {
    name: "a JSON service, path escaped, payload hashed from the body",
    service: "dynamodb",
    path: "/",
    query: {},
    headers: {
      host: "localhost:4566",
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "DynamoDB_20120810.ListTables",
      "x-amz-date": "20261123T065830Z",
    },
    body: Buffer.from("{}"),
  },
];

function requestOf(c: Case): HttpRequest {
  return new HttpRequest({
    method: "PUT",
    protocol: "http:",
    hostname: "localhost",
    path: c.path,
    query: { ...c.query },
    headers: { ...c.headers },
    body: c.body,
  });
}

function signatureOf(authorization: unknown): string | undefined {
  return /Signature=([0-9a-f]{64})$/.exec(String(authorization))?.[1];
}

describe("VerifyingSigner.headerSignature", () => {
  for (const c of CASES) {
    it(`matches smithy's sign() for ${c.name}`, async () => {
      const init = {
        service: c.service,
        region: "us-east-1",
        credentials: {
          accessKeyId: "AKIDEXAMPLE",
          secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
          ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
        },
        sha256: NodeSha256,
        uriEscapePath: c.service !== "s3",
        applyChecksum: false,
      };
      const smithy = new SignatureV4(init);
      const signer = new VerifyingSigner(init);
      const options = {
        signingDate: new Date(Date.UTC(2026, 10, 23, 6, 58, 30)),
        signingRegion: "us-east-1",
        signingService: c.service,
        signableHeaders: new Set(Object.keys(c.headers)),
        unsignableHeaders: new Set(c.unsignable ?? []),
      };
      const expected = signatureOf((await smithy.sign(requestOf(c), options)).headers.authorization);
      expect(expected).toBeDefined();
      expect(await signer.headerSignature(requestOf(c), options)).toBe(expected);
      // Twice: the second time from the cached date and signing key.
      expect(await signer.headerSignature(requestOf(c), options)).toBe(expected);
      // Its overrides leave sign() as it was.
      expect(signatureOf((await signer.sign(requestOf(c), options)).headers.authorization)).toBe(expected);
    });
  }
});
