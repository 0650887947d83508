import { type EndpointSettings, endpointSettings } from "./endpoint-settings.ts";

/** The options every AWS SDK v3 client constructor takes that the target decides. */
export interface TargetClientConfig {
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
}

/** Any SDK v3 client class: `new S3Client(config)`. */
export type ClientClass<C, Config> = new (config: Config) => C;

/** The config the target's settings give a client; S3 clients also get the addressing style. */
export function targetClientConfig(
  settings: EndpointSettings,
  service: "s3" | "other" = "other",
): TargetClientConfig {
  return {
    region: settings.region,
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(service === "s3" ? { forcePathStyle: settings.s3PathStyle } : {}),
  };
}

/**
 * Makes an AWS client for the current target, e.g. `awsClient(S3Client)` or
 * `awsClient(DynamoDBClient, { maxAttempts: 5 })`. `overrides` win over the target's settings.
 */
export function awsClient<C, Config extends object>(
  Client: ClientClass<C, Config>,
  overrides: Partial<Config> = {},
  settings: EndpointSettings = endpointSettings(),
): C {
  const service = /^S3Client$/.test(Client.name) ? "s3" : "other";
  return new Client({ ...targetClientConfig(settings, service), ...overrides } as Config);
}
