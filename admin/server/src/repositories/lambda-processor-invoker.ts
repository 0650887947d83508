import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { ProcessorInvoker } from "./processor-invoker.repository.ts";

export interface ProcessorTarget {
  functionName: string;
  uploadsBucket: string;
  region: string;
}

/**
 * The ObjectCreated record S3 would send for the original; `reprocess` marks it
 * `darkroomReprocess` so the processor takes a PROCESSED or FAILED image again instead of
 * treating it as a redelivery.
 */
export function objectCreatedEvent(
  target: ProcessorTarget,
  object: { key: string; bytes: number },
  { reprocess }: { reprocess: boolean },
) {
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
        ...(reprocess ? { darkroomReprocess: true as const } : {}),
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

  reprocess(object: { key: string; bytes: number }): Promise<void> {
    return this.#invoke(objectCreatedEvent(this.#target, object, { reprocess: true }));
  }

  redeliver(object: { key: string; bytes: number }): Promise<void> {
    return this.#invoke(objectCreatedEvent(this.#target, object, { reprocess: false }));
  }

  async #invoke(event: ReturnType<typeof objectCreatedEvent>): Promise<void> {
    const output = await this.#lambda.send(
      new InvokeCommand({
        FunctionName: this.#target.functionName,
        InvocationType: "Event",
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
    if (output.StatusCode !== 202) {
      throw new Error(`the processor did not accept the event: Invoke answered ${output.StatusCode}`);
    }
  }
}
