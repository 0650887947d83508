import { createHash, randomBytes } from "node:crypto";
import { invalidArn } from "./errors.ts";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function toId(prefix: string, bytes: Buffer, length = 17): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += ALPHANUMERIC[bytes[i]! % ALPHANUMERIC.length];
  return id;
}

/** A unique id as IAM forms them: a 4-letter type prefix and 17 upper-case letters and digits. */
export function uniqueId(prefix: "AROA" | "ANPA" | "AIPA"): string {
  return toId(prefix, randomBytes(17));
}

/** An access key id: "ASIA" (temporary) or "AKIA" (long-term) and 16 upper-case letters and digits. */
export function accessKeyId(prefix: "ASIA" | "AKIA"): string {
  return toId(prefix, randomBytes(16), 16);
}

/** The same id every time for the same seed (AWS-managed policies, which the emulator never stores). */
export function stableId(prefix: "ANPA", seed: string): string {
  return toId(prefix, createHash("sha256").update(seed).digest());
}

export function roleArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:role${path}${name}`;
}

export function policyArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:policy${path}${name}`;
}

export function instanceProfileArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:instance-profile${path}${name}`;
}

export interface PolicyArnParts {
  /** A 12-digit account, or "aws" for AWS-managed policies. */
  account: string;
  path: string;
  name: string;
}

const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy((?:\/[^/]+)*\/)([\w+=,.@-]+)$/;

/** Splits a managed policy ARN; anything else is IAM's InvalidInput. */
export function parsePolicyArn(arn: string): PolicyArnParts {
  const m = POLICY_ARN.exec(arn);
  if (!m) throw invalidArn(arn);
  return { account: m[1]!, path: m[2]!, name: m[3]! };
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role((?:\/[^/]+)*\/)([\w+=,.@-]+)$/;

/** Splits a role ARN; null when it is not one. */
export function parseRoleArn(arn: string): { account: string; path: string; name: string } | null {
  const m = ROLE_ARN.exec(arn);
  return m ? { account: m[1]!, path: m[2]!, name: m[3]! } : null;
}

export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith("arn:aws:iam::aws:policy/");
}
