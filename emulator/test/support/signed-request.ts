import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { type Credentials, TEST_CREDENTIALS } from "./clients.ts";
import { TestSha256 } from "./sha256.ts";

export interface SignedRequest {
  /** The signing name: s3, monitoring, dynamodb, lambda, ... */
  service: string;
  /** Where it goes, path and query included. */
  url: string | URL;
  /** POST unless given. */
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** test:test unless given. */
  credentials?: Credentials;
}

/**
 * A request signed with SigV4 for us-east-1 and sent by hand: for shapes no SDK client
 * produces, and to see the exact bytes an SDK would hide.
 */
export async function signedFetch(request: SignedRequest): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method ?? "POST";
  const signer = new SignatureV4({
    service: request.service,
    region: "us-east-1",
    credentials: request.credentials ?? TEST_CREDENTIALS,
    // Not the emulator's own hash: a bug there would sign and verify alike.
    sha256: TestSha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method,
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, ...request.headers },
      body: request.body,
    }),
  );
  return fetch(url, { method, headers: signed.headers as Record<string, string>, body: request.body });
}
