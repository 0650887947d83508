import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import { IMAGE_TABLE_LAYOUT, IMAGE_TABLE_TTL_ATTRIBUTE } from "@darkroom/image-record";
import { Construct } from "constructs";

export interface MetadataProps {
  namePrefix: string;
}

/**
 * The images table exactly as image-record's IMAGE_TABLE_LAYOUT describes it (keys, the
 * listing indexes), on demand, with TTL and point-in-time recovery.
 */
export class Metadata extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: MetadataProps) {
    super(scope, id);
    const layout = IMAGE_TABLE_LAYOUT;
    this.table = new DynamodbTable(this, "images", {
      name: `${props.namePrefix}-images`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: layout.hashKey,
      rangeKey: layout.rangeKey,
      attribute: layout.attributes.map(({ name, type }) => ({ name, type })),
      globalSecondaryIndex: layout.globalSecondaryIndexes.map((index) => ({
        name: index.name,
        hashKey: index.hashKey,
        rangeKey: index.rangeKey,
        projectionType: index.projectionType,
      })),
      ttl: { attributeName: IMAGE_TABLE_TTL_ATTRIBUTE, enabled: true },
      pointInTimeRecovery: { enabled: true },
    });
  }

  /**
   * The ARNs of the table's indexes, for a role that queries them: all of them, or the ones
   * named (the public API lists by status and label only; the format index is the admin's).
   */
  indexArns(
    names: readonly string[] = IMAGE_TABLE_LAYOUT.globalSecondaryIndexes.map((i) => i.name),
  ): string[] {
    return names.map((name) => `${this.table.arn}/index/${name}`);
  }
}
