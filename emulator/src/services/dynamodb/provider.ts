import type { Provider } from "../../protocol/provider.ts";
import { backupOperations } from "./backups.ts";
import type { DynamoDatabase } from "./database.ts";
import { itemOperations } from "./items.ts";
import { readOperations } from "./reads.ts";
import type { DynamoDbSchemas } from "./schemas.ts";
import { tableOperations } from "./tables.ts";
import { tagOperations } from "./tags.ts";
import { transactionOperations } from "./transactions.ts";
import { ttlOperations } from "./ttl.ts";
import { updateTableOperations } from "./update-table.ts";

/** DynamoDB: tables, items, queries, batches, transactions, TTL, backups and tags over one database. */
export function dynamoDbProvider(db: DynamoDatabase): Provider<DynamoDbSchemas> {
  return {
    ...tableOperations(db),
    ...updateTableOperations(db),
    ...itemOperations(db),
    ...readOperations(db),
    ...transactionOperations(db),
    ...ttlOperations(db),
    ...backupOperations(db),
    ...tagOperations(db),
  };
}
