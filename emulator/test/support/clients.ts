import { randomBytes } from "node:crypto";
import { IAMClient, type IAMClientConfig } from "@aws-sdk/client-iam";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { STSClient, type STSClientConfig } from "@aws-sdk/client-sts";
import { inject } from "vitest";

export const TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

/** A key pair to sign with: test:test, another account's, or temporary credentials with a token. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The shared emulator process started by global-setup.ts. */
export function emulatorUrl(): string {
  return inject("emulatorUrl");
}

export function clientConfig(endpoint = emulatorUrl()) {
  return { endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS };
}

/** Path-style S3 against `endpoint`; `options` (credentials, retries, checksums...) override the defaults. */
export function s3Client(endpoint = emulatorUrl(), options: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...clientConfig(endpoint), forcePathStyle: true, ...options });
}

export function stsClient(endpoint = emulatorUrl(), options: STSClientConfig = {}): STSClient {
  return new STSClient({ ...clientConfig(endpoint), ...options });
}

export function iamClient(endpoint = emulatorUrl(), options: IAMClientConfig = {}): IAMClient {
  return new IAMClient({ ...clientConfig(endpoint), ...options });
}

/** A bucket name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}
