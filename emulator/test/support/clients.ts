import { randomBytes } from "node:crypto";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { inject } from "vitest";

export const TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

/** The shared emulator process started by global-setup.ts. */
export function emulatorUrl(): string {
  return inject("emulatorUrl");
}

export function clientConfig(endpoint = emulatorUrl()) {
  return { endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS };
}

export function s3Client(endpoint = emulatorUrl()): S3Client {
  return new S3Client({ ...clientConfig(endpoint), forcePathStyle: true });
}

export function stsClient(endpoint = emulatorUrl()): STSClient {
  return new STSClient(clientConfig(endpoint));
}

export function iamClient(endpoint = emulatorUrl()): IAMClient {
  return new IAMClient(clientConfig(endpoint));
}

/** A bucket name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}
