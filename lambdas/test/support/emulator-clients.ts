import { awsClient, type ClientClass, endpointSettings } from "@darkroom/aws-clients";

/** The emulator's always-known key pair. */
export const TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
export const TEST_REGION = "us-east-1";

/** An SDK client for the emulator at `endpoint`, made by the project's one client factory. */
export function emulatorClient<C, Config extends object>(
  Client: ClientClass<C, Config>,
  endpoint: string,
): C {
  const settings = endpointSettings({ AWS_REGION: TEST_REGION, AWS_ENDPOINT_URL: endpoint });
  // Every SDK v3 client config takes static credentials; the generic Config cannot say so.
  const overrides = { credentials: TEST_CREDENTIALS } as unknown as Partial<Config>;
  return awsClient(Client, overrides, settings);
}
