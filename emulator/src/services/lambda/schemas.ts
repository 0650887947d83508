import { z } from "zod";

/** Lambda operation inputs, as the REST-JSON codec delivers them (labels, query, headers, body). */

const functionName = z.string().min(1).max(170);
const qualifier = z.string().min(1).max(128).optional();
const environment = z.object({ Variables: z.record(z.string(), z.string()).optional() }).optional();
const memorySize = z
  .number()
  .int()
  .min(128, "Member must have value greater than or equal to 128")
  .max(10240, "Member must have value less than or equal to 10240");
const timeout = z
  .number()
  .int()
  .min(1, "Member must have value greater than or equal to 1")
  .max(900, "Member must have value less than or equal to 900");
const loggingConfig = z
  .object({
    LogFormat: z.enum(["Text", "JSON"]).optional(),
    LogGroup: z.string().min(1).max(512).optional(),
    ApplicationLogLevel: z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]).optional(),
    SystemLogLevel: z.enum(["DEBUG", "INFO", "WARN"]).optional(),
  })
  .optional();

/** Settings CreateFunction and UpdateFunctionConfiguration share. */
const configurable = {
  Role: z
    .string()
    .regex(
      /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/,
      "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
    ),
  Handler: z
    .string()
    .max(128)
    .regex(/^[^\s]+$/, "Member must satisfy regular expression pattern: [^\\s]+"),
  Description: z.string().max(256).optional(),
  Timeout: timeout.optional(),
  MemorySize: memorySize.optional(),
  Environment: environment,
  Runtime: z.string().min(1).optional(),
  TracingConfig: z.object({ Mode: z.enum(["Active", "PassThrough"]).optional() }).optional(),
  DeadLetterConfig: z.object({ TargetArn: z.string().optional() }).optional(),
  KMSKeyArn: z.string().optional(),
  Layers: z.array(z.string()).optional(),
  EphemeralStorage: z.object({ Size: z.number().int().min(512).max(10240) }).optional(),
  LoggingConfig: loggingConfig,
  VpcConfig: z
    .object({ SubnetIds: z.array(z.string()).optional(), SecurityGroupIds: z.array(z.string()).optional() })
    .optional(),
  RevisionId: z.string().optional(),
};

const code = z.object({
  ZipFile: z.string().optional(),
  S3Bucket: z.string().optional(),
  S3Key: z.string().optional(),
  S3ObjectVersion: z.string().optional(),
  ImageUri: z.string().optional(),
});

const destinationConfig = z
  .object({
    OnSuccess: z.object({ Destination: z.string().optional() }).optional(),
    OnFailure: z.object({ Destination: z.string().optional() }).optional(),
  })
  .optional();

const eventInvokeConfig = z.object({
  FunctionName: functionName,
  Qualifier: qualifier,
  MaximumRetryAttempts: z.number().int().min(0).max(2).optional(),
  MaximumEventAgeInSeconds: z.number().int().min(60).max(21600).optional(),
  DestinationConfig: destinationConfig,
});

const cors = z
  .object({
    AllowCredentials: z.boolean().optional(),
    AllowHeaders: z.array(z.string()).optional(),
    AllowMethods: z.array(z.string()).optional(),
    AllowOrigins: z.array(z.string()).optional(),
    ExposeHeaders: z.array(z.string()).optional(),
    MaxAge: z.number().int().min(0).max(86400).optional(),
  })
  .optional();

const urlConfig = z.object({
  FunctionName: functionName,
  Qualifier: qualifier,
  AuthType: z.enum(["NONE", "AWS_IAM"]),
  Cors: cors,
  InvokeMode: z.enum(["BUFFERED", "RESPONSE_STREAM"]).optional(),
});

const paging = {
  Marker: z.string().optional(),
  MaxItems: z.coerce.number().int().min(1).max(10000).optional(),
};
const tags = z.record(z.string(), z.string());

/** Invoke's input: the event is the raw body. */
export const invokeSchema = z.object({
  FunctionName: functionName,
  Qualifier: qualifier,
  InvocationType: z.enum(["RequestResponse", "Event", "DryRun"]).optional(),
  LogType: z.enum(["None", "Tail"]).optional(),
  ClientContext: z.string().optional(),
  Payload: z.instanceof(Buffer).optional(),
});

export const lambdaSchemas = {
  Invoke: invokeSchema,
  CreateFunction: z.object({
    FunctionName: functionName,
    ...configurable,
    Runtime: z.string().min(1),
    Code: code,
    Publish: z.boolean().optional(),
    PackageType: z.enum(["Zip", "Image"]).optional(),
    Architectures: z
      .array(z.enum(["x86_64", "arm64"]))
      .max(1)
      .optional(),
    Tags: tags.optional(),
  }),
  GetFunction: z.object({ FunctionName: functionName, Qualifier: qualifier }),
  GetFunctionConfiguration: z.object({ FunctionName: functionName, Qualifier: qualifier }),
  ListFunctions: z.object({
    ...paging,
    FunctionVersion: z.enum(["ALL"]).optional(),
    MasterRegion: z.string().optional(),
  }),
  UpdateFunctionConfiguration: z.object({
    FunctionName: functionName,
    ...configurable,
    Role: configurable.Role.optional(),
    Handler: configurable.Handler.optional(),
  }),
  UpdateFunctionCode: z.object({
    FunctionName: functionName,
    ...code.shape,
    Publish: z.boolean().optional(),
    DryRun: z.boolean().optional(),
    RevisionId: z.string().optional(),
    Architectures: z
      .array(z.enum(["x86_64", "arm64"]))
      .max(1)
      .optional(),
  }),
  DeleteFunction: z.object({ FunctionName: functionName, Qualifier: qualifier }),
  PublishVersion: z.object({
    FunctionName: functionName,
    CodeSha256: z.string().optional(),
    Description: z.string().max(256).optional(),
    RevisionId: z.string().optional(),
  }),
  ListVersionsByFunction: z.object({ FunctionName: functionName, ...paging }),
  CreateAlias: z.object({
    FunctionName: functionName,
    Name: z
      .string()
      .regex(/^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/)
      .max(128),
    FunctionVersion: z.string().min(1).max(1024),
    Description: z.string().max(256).optional(),
    RoutingConfig: z
      .object({ AdditionalVersionWeights: z.record(z.string(), z.number()).optional() })
      .optional(),
  }),
  GetAlias: z.object({ FunctionName: functionName, Name: z.string().min(1) }),
  UpdateAlias: z.object({
    FunctionName: functionName,
    Name: z.string().min(1),
    FunctionVersion: z.string().min(1).max(1024).optional(),
    Description: z.string().max(256).optional(),
    RoutingConfig: z
      .object({ AdditionalVersionWeights: z.record(z.string(), z.number()).optional() })
      .optional(),
    RevisionId: z.string().optional(),
  }),
  DeleteAlias: z.object({ FunctionName: functionName, Name: z.string().min(1) }),
  ListAliases: z.object({ FunctionName: functionName, FunctionVersion: z.string().optional(), ...paging }),
  AddPermission: z.object({
    FunctionName: functionName,
    Qualifier: qualifier,
    StatementId: z
      .string()
      .regex(/^([a-zA-Z0-9-_.]+)$/)
      .min(1)
      .max(100),
    Action: z.string().regex(/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/),
    Principal: z.string().min(1),
    SourceArn: z.string().optional(),
    SourceAccount: z.string().optional(),
    EventSourceToken: z.string().optional(),
    PrincipalOrgID: z.string().optional(),
    FunctionUrlAuthType: z.enum(["NONE", "AWS_IAM"]).optional(),
    RevisionId: z.string().optional(),
  }),
  RemovePermission: z.object({
    FunctionName: functionName,
    StatementId: z.string().min(1),
    Qualifier: qualifier,
    RevisionId: z.string().optional(),
  }),
  GetPolicy: z.object({ FunctionName: functionName, Qualifier: qualifier }),
  PutFunctionConcurrency: z.object({
    FunctionName: functionName,
    ReservedConcurrentExecutions: z.number().int().min(0),
  }),
  GetFunctionConcurrency: z.object({ FunctionName: functionName }),
  DeleteFunctionConcurrency: z.object({ FunctionName: functionName }),
  PutFunctionEventInvokeConfig: eventInvokeConfig,
  UpdateFunctionEventInvokeConfig: eventInvokeConfig,
  GetFunctionEventInvokeConfig: z.object({ FunctionName: functionName, Qualifier: qualifier }),
  DeleteFunctionEventInvokeConfig: z.object({ FunctionName: functionName, Qualifier: qualifier }),
  ListFunctionEventInvokeConfigs: z.object({ FunctionName: functionName, ...paging }),
  CreateFunctionUrlConfig: urlConfig,
  GetFunctionUrlConfig: z.object({ FunctionName: functionName, Qualifier: qualifier }),
  UpdateFunctionUrlConfig: urlConfig.extend({ AuthType: z.enum(["NONE", "AWS_IAM"]).optional() }),
  DeleteFunctionUrlConfig: z.object({ FunctionName: functionName, Qualifier: qualifier }),
  ListFunctionUrlConfigs: z.object({ FunctionName: functionName, ...paging }),
  GetFunctionCodeSigningConfig: z.object({ FunctionName: functionName }),
  TagResource: z.object({ Resource: z.string().min(1), Tags: tags }),
  UntagResource: z.object({
    Resource: z.string().min(1),
    TagKeys: z.union([z.string(), z.array(z.string())]),
  }),
  ListTags: z.object({ Resource: z.string().min(1) }),
  GetAccountSettings: z.object({}),
} satisfies Record<string, z.ZodType>;

export type LambdaInput<K extends keyof typeof lambdaSchemas> = z.infer<(typeof lambdaSchemas)[K]>;
