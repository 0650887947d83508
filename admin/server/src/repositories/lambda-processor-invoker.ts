import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { ProcessorInvoker } from "./processor-invoker.repository.ts";

export interface ProcessorTarget {
  functionName: string;
  uploadsBucket: string;
  region: string;
}

/**
 * The ObjectCreated record S3 would send for the original, marked `darkroomReprocess` so the
 * processor takes a PROCESSED or FAILED image again instead of treating it as a redelivery.
 */
export function reprocessEvent(target: ProcessorTarget, object: { key: string; bytes: number }) {
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: target.region,
        eventTime: new Date().toISOString(),
        eventName: "ObjectCreated:Post",
        s3: {
          s3SchemaVersion: "1.0",
          bucket: { name: target.uploadsBucket, arn: `arn:aws:s3:::${target.uploadsBucket}` },
          // S3 URL-encodes keys in events; Darkroom's keys only need it for safety.
          object: { key: encodeURIComponent(object.key).replaceAll("%2F", "/"), size: object.bytes },
        },
        darkroomReprocess: true,
      },
    ],
  };
}

export class LambdaProcessorInvoker implements ProcessorInvoker {
  readonly #lambda: LambdaClient;
  readonly #target: ProcessorTarget;

  constructor(target: ProcessorTarget, lambda: LambdaClient) {
    this.#target = target;
    this.#lambda = lambda;
  }

  async reprocess(object: { key: string; bytes: number }): Promise<void> {
    const output = await this.#lambda.send(
      new InvokeCommand({
        FunctionName: this.#target.functionName,
        InvocationType: "Event",
        Payload: new TextEncoder().encode(JSON.stringify(reprocessEvent(this.#target, object))),
      }),
    );
    if (output.StatusCode !== 202) {
      throw new Error(`the processor did not accept the event: Invoke answered ${output.StatusCode}`);
    }
  }
}
