/** DynamoDB's wire types, and the table record the emulator keeps for each table. */

export interface AttributeValue {
  S?: string;
  N?: string;
  /** Base64, as the JSON protocol carries it. */
  B?: string;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export type Item = Record<string, AttributeValue>;

export type ScalarType = "S" | "N" | "B";
export type KeyType = "HASH" | "RANGE";
export type BillingMode = "PROVISIONED" | "PAY_PER_REQUEST";
export type ProjectionType = "ALL" | "KEYS_ONLY" | "INCLUDE";
export type StreamViewType = "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY";
export type TableClass = "STANDARD" | "STANDARD_INFREQUENT_ACCESS";

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: KeyType;
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: ScalarType;
}

export interface Projection {
  ProjectionType?: ProjectionType;
  NonKeyAttributes?: string[];
}

export interface OnDemandThroughput {
  MaxReadRequestUnits?: number;
  MaxWriteRequestUnits?: number;
}

export interface Tag {
  Key: string;
  Value: string;
}

/** Provisioned capacity as a table or GSI record keeps it; times are epoch milliseconds. */
export interface ThroughputRecord {
  read: number;
  write: number;
  lastIncreaseAt?: number;
  lastDecreaseAt?: number;
  decreasesToday: number;
}

export interface GsiRecord {
  name: string;
  keySchema: KeySchemaElement[];
  projection: Projection;
  throughput: ThroughputRecord;
  onDemand?: OnDemandThroughput;
  /** CREATING until this plus the build time, then ACTIVE. */
  createdAt: number;
  /** UPDATING until then (a throughput change). */
  updatingUntil?: number;
  /** Set once deleted: DELETING for a moment, then gone. */
  deletingAt?: number;
}

export interface LsiRecord {
  name: string;
  keySchema: KeySchemaElement[];
  projection: Projection;
}

/**
 * One table, as the catalog row stores it (JSON-plain, replaced on every change).
 * Statuses are not stored: they follow from the timestamps, so no timer has to flip
 * them and a restart cannot leave a table stuck in CREATING.
 */
export interface TableRecord {
  accountId: string;
  region: string;
  name: string;
  /** A UUID; the table's items live in the state table `dynamodb/items/<id>`. */
  id: string;
  createdAt: number;
  keySchema: KeySchemaElement[];
  attributeDefinitions: AttributeDefinition[];
  billingMode: BillingMode;
  /** When the table last switched to (or was created with) PAY_PER_REQUEST. */
  payPerRequestSince?: number;
  /** Whether BillingMode was ever given, so DescribeTable shows a summary for PROVISIONED too. */
  billingModeGiven: boolean;
  throughput: ThroughputRecord;
  onDemand?: OnDemandThroughput;
  gsis: GsiRecord[];
  lsis: LsiRecord[];
  stream?: { viewType: StreamViewType; label: string };
  /** Encryption with a KMS key; absent means the default AWS-owned key, which DescribeTable does not describe. */
  sse?: { kmsKeyArn: string };
  tableClass?: TableClass;
  deletionProtection: boolean;
  ttl?: { attributeName: string; enabled: boolean };
  pitr?: { enabled: boolean; recoveryPeriodInDays: number; enabledAt: number };
  tags: Tag[];
  /** UPDATING until then (throughput or billing mode change). */
  updatingUntil?: number;
  /** Set by DeleteTable: DELETING for a moment, then gone. */
  deletingAt?: number;
}

/** How long the transient statuses last, in milliseconds: long enough to be seen, short enough for Terraform's first re-poll. */
export const CREATE_MS = 100;
export const UPDATE_MS = 100;
export const DELETE_MS = 100;
