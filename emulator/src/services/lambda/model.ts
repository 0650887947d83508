/** Lambda's stored records. Values are JSON-plain: they live in StateStore tables. */

/** One configuration of a function: $LATEST, or a published version (immutable once published). */
export interface VersionConfig {
  version: string;
  description: string;
  runtime: string;
  role: string;
  handler: string;
  timeout: number;
  memorySize: number;
  environment: Record<string, string>;
  architectures: string[];
  ephemeralStorageMb: number;
  tracingMode: "Active" | "PassThrough";
  logFormat: "Text" | "JSON";
  logGroup: string;
  applicationLogLevel?: string;
  systemLogLevel?: string;
  deadLetterTargetArn?: string;
  kmsKeyArn?: string;
  layers: string[];
  /** The zip's bytes, held as a state-store blob; shared by versions published from it. */
  codeBlobId: string;
  /** Base64 SHA-256 of the zip, as CodeSha256 reports it. */
  codeSha256: string;
  codeSize: number;
  /** Lambda's timestamp format: 2024-01-31T12:34:56.789+0000. */
  lastModified: string;
  revisionId: string;
  /** Until this instant (epoch ms) the version reports State Pending, as a new function does on AWS. */
  pendingUntil: number;
  /** Until this instant the last update reports LastUpdateStatus InProgress. */
  updatingUntil: number;
}

export interface FunctionRecord {
  name: string;
  latest: VersionConfig;
  /** The number the next PublishVersion gets. */
  nextVersion: number;
  reservedConcurrency?: number;
  tags: Record<string, string>;
  /** Resource-based policy statements per qualifier ("" for the unqualified function). */
  policies: Record<string, PolicyStatement[]>;
  /** Per qualifier ("" for unqualified, "$LATEST", a version or an alias). */
  eventInvokeConfigs: Record<string, EventInvokeConfig>;
  /** Per qualifier ("" for the unqualified function, or an alias). */
  urlConfigs: Record<string, FunctionUrlConfig>;
}

export interface AliasRecord {
  name: string;
  functionName: string;
  functionVersion: string;
  description: string;
  /** Weighted routing to a second version, as RoutingConfig.AdditionalVersionWeights. */
  additionalVersionWeights?: Record<string, number>;
  revisionId: string;
}

/** A statement of a function's resource-based policy, as GetPolicy returns it. */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Principal: { Service: string } | { AWS: string } | string;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface DestinationConfig {
  OnSuccess?: { Destination?: string };
  OnFailure?: { Destination?: string };
}

export interface EventInvokeConfig {
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  destinationConfig?: DestinationConfig;
  lastModified: number;
}

export interface CorsConfig {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

export interface FunctionUrlConfig {
  /** The 32-character id in <id>.lambda-url.<region>.on.aws. */
  urlId: string;
  authType: "NONE" | "AWS_IAM";
  invokeMode: "BUFFERED" | "RESPONSE_STREAM";
  cors?: CorsConfig;
  creationTime: string;
  lastModifiedTime: string;
}
