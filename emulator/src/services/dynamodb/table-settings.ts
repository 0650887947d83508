import { createHash } from "node:crypto";
import type { Scope } from "./database.ts";
import { validationException } from "./errors.ts";
import type {
  AttributeDefinition,
  KeySchemaElement,
  OnDemandThroughput,
  Projection,
  StreamViewType,
  TableRecord,
  ThroughputRecord,
} from "./model.ts";

/** Table settings CreateTable and UpdateTable share: throughput, streams, encryption, key checks. */

export function throughputRecord(
  given: { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined,
): ThroughputRecord {
  return { read: given?.ReadCapacityUnits ?? 0, write: given?.WriteCapacityUnits ?? 0, decreasesToday: 0 };
}

/** A throughput change, with the increase/decrease times DescribeTable reports. */
export function changedThroughput(
  current: ThroughputRecord,
  given: { ReadCapacityUnits: number; WriteCapacityUnits: number },
  now: number,
): ThroughputRecord {
  const up = given.ReadCapacityUnits > current.read || given.WriteCapacityUnits > current.write;
  const down = given.ReadCapacityUnits < current.read || given.WriteCapacityUnits < current.write;
  return {
    read: given.ReadCapacityUnits,
    write: given.WriteCapacityUnits,
    decreasesToday: current.decreasesToday + (down ? 1 : 0),
    ...(up
      ? { lastIncreaseAt: now }
      : current.lastIncreaseAt !== undefined
        ? { lastIncreaseAt: current.lastIncreaseAt }
        : {}),
    ...(down
      ? { lastDecreaseAt: now }
      : current.lastDecreaseAt !== undefined
        ? { lastDecreaseAt: current.lastDecreaseAt }
        : {}),
  };
}

/** A stream's label is the time it was enabled, as AWS writes it (ISO 8601 without the zone). */
export function streamRecord(
  spec: { StreamEnabled: boolean; StreamViewType?: StreamViewType | undefined } | undefined,
  now: number,
): TableRecord["stream"] {
  if (!spec?.StreamEnabled) return undefined;
  if (!spec.StreamViewType) {
    throw validationException(
      "One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true",
    );
  }
  return { viewType: spec.StreamViewType, label: new Date(now).toISOString().replace("Z", "") };
}

/** Encryption with KMS; without it (or Enabled false) the table uses the AWS-owned key, which is not described. */
export function sseRecord(
  spec: { Enabled?: boolean | undefined; KMSMasterKeyId?: string | undefined } | undefined,
  scope: Scope,
): TableRecord["sse"] {
  if (!spec?.Enabled) return undefined;
  const id = spec.KMSMasterKeyId;
  if (id?.startsWith("arn:")) return { kmsKeyArn: id };
  const prefix = `arn:aws:kms:${scope.region}:${scope.accountId}:`;
  if (id?.startsWith("alias/")) return { kmsKeyArn: `${prefix}${id}` };
  return { kmsKeyArn: `${prefix}key/${id ?? defaultKeyId(scope)}` };
}

/** The AWS managed key aws/dynamodb: one per account and region, so always the same id. */
function defaultKeyId(scope: Scope): string {
  const h = createHash("sha256").update(`aws/dynamodb/${scope.accountId}/${scope.region}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function checkProjection(projection: Projection): void {
  if (projection.ProjectionType === undefined) {
    throw validationException("One or more parameter values were invalid: Unknown ProjectionType: null");
  }
  if (projection.NonKeyAttributes && projection.ProjectionType !== "INCLUDE") {
    throw validationException(
      `One or more parameter values were invalid: ProjectionType is ${projection.ProjectionType}, but NonKeyAttributes is specified`,
    );
  }
}

/** Every key attribute must be defined, and (as AWS insists) every definition used by some key. */
export function checkDefinitionsMatchKeys(
  definitions: readonly AttributeDefinition[],
  keySchemas: ReadonlyArray<readonly KeySchemaElement[]>,
): void {
  const defined = definitions.map((d) => d.AttributeName);
  const used = [...new Set(keySchemas.flatMap((ks) => ks.map((k) => k.AttributeName)))];
  const missing = used.filter((name) => !defined.includes(name));
  if (missing.length > 0) {
    throw validationException(
      `One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${used.join(", ")}], AttributeDefinitions: [${defined.join(", ")}]`,
    );
  }
  if (defined.some((name) => !used.includes(name))) {
    throw validationException(
      `One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [${defined.join(", ")}], keys used: [${used.join(", ")}]`,
    );
  }
}

/** The definitions still used by a key once indexes come and go (AWS drops the others). */
export function usedDefinitions(
  definitions: readonly AttributeDefinition[],
  keySchemas: ReadonlyArray<readonly KeySchemaElement[]>,
): AttributeDefinition[] {
  const used = new Set(keySchemas.flatMap((ks) => ks.map((k) => k.AttributeName)));
  return definitions.filter((d) => used.has(d.AttributeName));
}

export function onDemandRecord(given: OnDemandThroughput | undefined): OnDemandThroughput | undefined {
  if (!given) return undefined;
  return {
    ...(given.MaxReadRequestUnits !== undefined ? { MaxReadRequestUnits: given.MaxReadRequestUnits } : {}),
    ...(given.MaxWriteRequestUnits !== undefined ? { MaxWriteRequestUnits: given.MaxWriteRequestUnits } : {}),
  };
}
