import type { HttpRequest } from "../../gateway/http.ts";
import {
  OperationError,
  type Service,
  type ServiceDetection,
  type ServiceResult,
} from "../../gateway/service.ts";
import type { RpcCodec } from "../../protocol/codec.ts";
import { serviceOff } from "./errors.ts";

/** DARKROOM_REKOGNITION=off: every operation, implemented or not, gets the same AWS-shaped refusal. */
export class SwitchedOffService implements Service {
  readonly name: string;
  readonly detection: ServiceDetection;
  readonly codec: RpcCodec;

  constructor(name: string, detection: ServiceDetection, codec: RpcCodec) {
    this.name = name;
    this.detection = detection;
    this.codec = codec;
  }

  peekOperation(req: HttpRequest): string | undefined {
    try {
      return this.codec.decode(req).operation;
    } catch {
      return undefined;
    }
  }

  async handle(req: HttpRequest): Promise<ServiceResult> {
    throw new OperationError(this.codec.decode(req).operation, serviceOff());
  }
}
