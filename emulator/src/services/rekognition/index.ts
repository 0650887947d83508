import type { EmulatorRuntime } from "../../gateway/context.ts";
import { RpcService, type Service, type ServiceDetection } from "../../gateway/service.ts";
import { JsonCodec } from "../../protocol/json.ts";
import { AwsForwardingService } from "./aws-forward.ts";
import { InferenceClient } from "./inference/client.ts";
import { rekognitionProvider } from "./provider.ts";
import { rekognitionSchemas } from "./schemas.ts";
import { SwitchedOffService } from "./switched-off.ts";

export interface RekognitionService {
  service: Service;
  /** Stops the inference process. */
  close(): Promise<void>;
}

const detection: ServiceDetection = { signingNames: ["rekognition"], targetPrefixes: ["RekognitionService"] };
const codec = () => new JsonCodec("1.1", "RekognitionService", "com.amazonaws.rekognition");

/**
 * Rekognition (AWS JSON 1.1, X-Amz-Target RekognitionService.*), as DARKROOM_REKOGNITION says:
 * local models, forwarded to AWS, or switched off.
 */
export function createRekognitionService(runtime: EmulatorRuntime): RekognitionService {
  const mode = runtime.config.rekognition;
  if (mode === "off") {
    return { service: new SwitchedOffService("rekognition", detection, codec()), close: async () => {} };
  }
  if (mode === "aws") {
    const endpoint = runtime.config.rekognitionAwsEndpoint;
    return {
      service: new AwsForwardingService("rekognition", detection, codec(), endpoint),
      close: async () => {},
    };
  }
  const models = new InferenceClient();
  const service = new RpcService({
    name: "rekognition",
    detection,
    codec: codec(),
    schemas: rekognitionSchemas,
    provider: rekognitionProvider(models),
    validationCode: "InvalidParameterException",
  });
  return { service, close: () => models.close() };
}
