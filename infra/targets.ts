import { DEFAULT_ARCHITECTURE, type LambdaArchitecture } from "../lambdas/build/target-arch.ts";
import type { InfraConfig } from "./config.ts";

export const TARGETS = ["local", "localstack", "aws"] as const;
export type Target = (typeof TARGETS)[number];

export function isTarget(value: string): value is Target {
  return (TARGETS as readonly string[]).includes(value);
}

/**
 * What a target is: where its AWS answers and what it can run. `local` and `localstack` differ
 * only in the endpoint and in what the emulator lacks; `aws` adds what only AWS has.
 */
export interface TargetSettings {
  target: Target;
  /** Every AWS service at one URL (the emulator or LocalStack); undefined on AWS. */
  endpoint: string | undefined;
  architecture: LambdaArchitecture;
  /** Rekognition labels: the emulator runs local models; LocalStack's free image has no Rekognition. */
  labels: boolean;
  /** Alarms, metric filters, dashboard and SNS topics (DARKROOM_LOCAL_MONITORING=false leaves them out locally). */
  monitoring: boolean;
  /** Buckets emptied on destroy: a local stack is thrown away, an AWS one keeps its images. */
  disposable: boolean;
  /** AWS only: remote state, CloudFront in front, tags on everything. */
  aws: boolean;
}

export function targetSettings(target: Target, config: InfraConfig): TargetSettings {
  switch (target) {
    case "local":
      return {
        target,
        endpoint: `http://127.0.0.1:${config.emulatorPort}`,
        architecture: DEFAULT_ARCHITECTURE,
        labels: config.local.labels,
        monitoring: config.local.monitoring,
        disposable: true,
        aws: false,
      };
    case "localstack":
      return {
        target,
        endpoint: config.localstackEndpoint,
        architecture: DEFAULT_ARCHITECTURE,
        labels: false,
        monitoring: true,
        disposable: true,
        aws: false,
      };
    case "aws":
      // Graviton: cheaper per GB-second; the zips are built with --arch arm64.
      return {
        target,
        endpoint: undefined,
        architecture: "arm64",
        labels: true,
        monitoring: true,
        disposable: false,
        aws: true,
      };
  }
}
