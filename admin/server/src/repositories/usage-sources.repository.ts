/**
 * What the cost estimate measures besides metric data: the deployed resources' settings and
 * sizes, read from the target through the SDK. Each answer is as the target gives it now.
 */
export interface FunctionSettings {
  name: string;
  memoryMb: number;
  architecture: "arm64" | "x86_64";
}

/** A bucket's bytes and objects, every version included (the uploads bucket keeps versions). */
export interface BucketUsage {
  name: string;
  sizeBytes: number;
  objectCount: number;
  /** False when the listing stopped at its cap: the figures are a lower bound. */
  complete: boolean;
}

export interface TableUsage {
  name: string;
  itemCount: number;
  sizeBytes: number;
}

export interface UsageSources {
  functionSettings(functionName: string): Promise<FunctionSettings>;
  bucketUsage(bucket: string): Promise<BucketUsage>;
  tableUsage(table: string): Promise<TableUsage>;
  /** The names of the dashboards whose name starts with the prefix. */
  dashboards(namePrefix: string): Promise<string[]>;
  /** DescribeLogGroups' storedBytes; undefined when the group does not exist (nothing logged). */
  logGroupStoredBytes(logGroup: string): Promise<number | undefined>;
  /**
   * Confirmed email and email-json subscriptions of a topic (by its ARN when the stack's outputs
   * give it, else found by name); 0 when the topic does not exist.
   */
  emailSubscriptions(topic: { name: string; arn?: string | undefined }): Promise<number>;
}
