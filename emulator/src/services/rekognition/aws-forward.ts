import * as rekognition from "@aws-sdk/client-rekognition";
import type { RequestContext } from "../../gateway/context.ts";
import type { HttpRequest } from "../../gateway/http.ts";
import {
  OperationError,
  type Service,
  type ServiceDetection,
  type ServiceResult,
} from "../../gateway/service.ts";
import { AwsError, notImplemented } from "../../protocol/aws-error.ts";
import type { RpcCodec } from "../../protocol/codec.ts";
import { readImage } from "./image-source.ts";
import { imageSchema } from "./schemas.ts";

/** Request fields that hold an Image (DetectLabels' Image, CompareFaces' SourceImage and TargetImage). */
const IMAGE_FIELDS = ["Image", "SourceImage", "TargetImage"];

type Command = new (input: unknown) => Parameters<rekognition.RekognitionClient["send"]>[0];

/** The SDK's command class for an operation, e.g. DetectLabelsCommand. */
function commandFor(operation: string): Command | undefined {
  const found = (rekognition as Record<string, unknown>)[`${operation}Command`];
  return typeof found === "function" ? (found as Command) : undefined;
}

/**
 * DARKROOM_REKOGNITION=aws: calls go to real Rekognition with the user's own AWS credentials
 * (the SDK's default chain), for hybrid development. Images named by S3Object are read from the
 * emulator's S3 and sent as bytes, since real Rekognition cannot see the local buckets.
 */
export class AwsForwardingService implements Service {
  readonly name: string;
  readonly detection: ServiceDetection;
  readonly codec: RpcCodec;
  private readonly clients = new Map<string, rekognition.RekognitionClient>();
  private readonly endpoint: string | undefined;

  constructor(name: string, detection: ServiceDetection, codec: RpcCodec, endpoint?: string) {
    this.name = name;
    this.detection = detection;
    this.codec = codec;
    this.endpoint = endpoint;
  }

  peekOperation(req: HttpRequest): string | undefined {
    try {
      return this.codec.decode(req).operation;
    } catch {
      return undefined;
    }
  }

  async handle(req: HttpRequest, ctx: RequestContext): Promise<ServiceResult> {
    const call = this.codec.decode(req);
    try {
      const output = await this.forward(call.operation, call.input, ctx);
      return { operation: call.operation, response: this.codec.encode(call, output, req) };
    } catch (err) {
      if (err instanceof AwsError) throw new OperationError(call.operation, err);
      throw err;
    }
  }

  private async forward(operation: string, input: unknown, ctx: RequestContext): Promise<unknown> {
    const Command = commandFor(operation);
    if (!Command) throw notImplemented(this.name, operation);
    const sdkInput: Record<string, unknown> = {
      ...(typeof input === "object" && input !== null ? input : {}),
    };
    for (const field of IMAGE_FIELDS) {
      if (sdkInput[field] === undefined) continue;
      const image = imageSchema.safeParse(sdkInput[field]);
      // A malformed image goes to AWS as it came, for AWS to answer.
      if (image.success) sdkInput[field] = { Bytes: await readImage(ctx, image.data) };
    }
    try {
      const { $metadata: _, ...output } = (await this.client(ctx.region).send(new Command(sdkInput))) as {
        $metadata: unknown;
      };
      return output;
    } catch (err) {
      throw asAwsError(err);
    }
  }

  private client(region: string): rekognition.RekognitionClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new rekognition.RekognitionClient({
        region,
        ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      });
      this.clients.set(region, client);
    }
    return client;
  }
}

/** AWS's answer (or the SDK's failure to get one) as the error the emulator relays. */
function asAwsError(err: unknown): AwsError {
  if (err instanceof rekognition.RekognitionServiceException) {
    return new AwsError(err.name, err.message, err.$metadata.httpStatusCode ?? 400);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AwsError(
    "InternalServerError",
    `Could not forward to AWS Rekognition (DARKROOM_REKOGNITION=aws): ${message}`,
    500,
    { fault: "Receiver" },
  );
}
