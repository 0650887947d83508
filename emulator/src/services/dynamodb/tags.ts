import type { RequestContext } from "../../gateway/context.ts";
import type { DynamoDatabase } from "./database.ts";
import { DynamoDbError, validationException } from "./errors.ts";
import type { TableRecord } from "./model.ts";
import type { DynamoDbInput } from "./schemas.ts";

const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:([^:]+):(\d{12}):table\/([^/]{3,255})$/;
const MAX_TAGS = 50;

/**
 * The table an ARN names, in the caller's account. The checks and their wording are
 * DynamoDB's (as dynalite recorded them, "ResourcArn" included).
 */
function tableByArn(db: DynamoDatabase, ctx: RequestContext, arn: string, operation: string): TableRecord {
  if (!/^.+:.+:.+:.+:.+:.+\/.+$/.test(arn)) {
    throw new DynamoDbError(
      "AccessDeniedException",
      `User: ${ctx.principal.arn} is not authorized to perform: dynamodb:${operation} on resource: ${arn}`,
      { messageKey: "Message" },
    );
  }
  const m = TABLE_ARN.exec(arn);
  if (!m) throw validationException(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  const [, region, accountId, name] = m;
  const record = accountId === ctx.accountId ? db.find({ accountId, region: region! }, name!) : undefined;
  if (!record || record.deletingAt !== undefined) {
    throw new DynamoDbError(
      "ResourceNotFoundException",
      `Requested resource not found: ResourcArn: ${arn} not found`,
    );
  }
  return record;
}

/** TagResource, UntagResource and ListTagsOfResource on tables. */
export function tagOperations(db: DynamoDatabase) {
  return {
    TagResource(input: DynamoDbInput<"TagResource">, ctx: RequestContext) {
      const record = tableByArn(db, ctx, input.ResourceArn, "TagResource");
      if (input.Tags.length === 0)
        throw validationException("Atleast one Tag needs to be provided as Input.");
      const tags = record.tags.filter((t) => !input.Tags.some((n) => n.Key === t.Key));
      tags.push(...input.Tags.map((t) => ({ Key: t.Key, Value: t.Value })));
      if (tags.length > MAX_TAGS) {
        throw new DynamoDbError(
          "LimitExceededException",
          `One or more parameter values were invalid: The number of tags exceeds the limit of ${MAX_TAGS}`,
        );
      }
      db.save({ ...record, tags });
      return {};
    },

    UntagResource(input: DynamoDbInput<"UntagResource">, ctx: RequestContext) {
      const record = tableByArn(db, ctx, input.ResourceArn, "UntagResource");
      if (input.TagKeys.length === 0)
        throw validationException("Atleast one Tag Key needs to be provided as Input.");
      db.save({ ...record, tags: record.tags.filter((t) => !input.TagKeys.includes(t.Key)) });
      return {};
    },

    ListTagsOfResource(input: DynamoDbInput<"ListTagsOfResource">, ctx: RequestContext) {
      const record = tableByArn(db, ctx, input.ResourceArn, "ListTagsOfResource");
      return { Tags: record.tags };
    },
  };
}
