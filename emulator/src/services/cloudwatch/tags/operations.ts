import { z } from "zod";
import type { RequestContext } from "../../../gateway/context.ts";
import { AwsError } from "../../../protocol/aws-error.ts";
import { AlarmTables } from "../alarms/tables.ts";
import { dashboardTable } from "../dashboards/tables.ts";
import { resourceArn, tagKeys, tags } from "../fields.ts";

/**
 * TagResource, UntagResource and ListTagsForResource for alarms and dashboards, the two
 * taggable CloudWatch resources Darkroom has. Tags live on the resource's own record.
 */

type Tag = { Key: string; Value: string };
const MAX_TAGS = 50;
const ALARM_ARN = /^arn:aws[a-zA-Z-]*:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:(.+)$/;
const DASHBOARD_ARN = /^arn:aws[a-zA-Z-]*:cloudwatch::(\d{12}):dashboard\/(.+)$/;

export const tagSchemas = {
  TagResource: z.object({ ResourceARN: resourceArn, Tags: tags }),
  UntagResource: z.object({ ResourceARN: resourceArn, TagKeys: tagKeys }),
  ListTagsForResource: z.object({ ResourceARN: resourceArn }),
};
type Input<K extends keyof typeof tagSchemas> = z.infer<(typeof tagSchemas)[K]>;

/** Reads and writes one resource's tags; undefined when the ARN names nothing of the caller's. */
interface TaggedResource {
  tags: Tag[];
  save(tags: Tag[]): void;
}

function resource(arn: string, ctx: RequestContext): TaggedResource | undefined {
  const alarm = ALARM_ARN.exec(arn);
  if (alarm && alarm[2] === ctx.accountId && alarm[1] === ctx.region) {
    const tables = new AlarmTables(ctx.runtime.store, ctx);
    const record = tables.alarms.get(alarm[3]!);
    if (!record) return undefined;
    return { tags: record.tags, save: (t) => tables.alarms.set(record.name, { ...record, tags: t }) };
  }
  const dashboard = DASHBOARD_ARN.exec(arn);
  if (dashboard && dashboard[1] === ctx.accountId) {
    const table = dashboardTable(ctx.runtime.store, ctx.accountId);
    const record = table.get(dashboard[2]!);
    if (!record) return undefined;
    return { tags: record.tags, save: (t) => table.set(record.name, { ...record, tags: t }) };
  }
  return undefined;
}

function notFound(arn: string): AwsError {
  const type = ALARM_ARN.test(arn) ? "alarm" : DASHBOARD_ARN.test(arn) ? "dashboard" : "resource";
  return new AwsError("ResourceNotFoundException", `The ${type} ${arn} does not exist.`, 404, {
    fields: { ResourceType: type, ResourceId: arn },
  });
}

export const tagOperations = {
  TagResource(input: Input<"TagResource">, ctx: RequestContext) {
    const target = resource(input.ResourceARN, ctx);
    if (!target) throw notFound(input.ResourceARN);
    const merged = new Map(target.tags.map((t) => [t.Key, t.Value]));
    for (const t of input.Tags) merged.set(t.Key, t.Value);
    if (merged.size > MAX_TAGS) {
      throw new AwsError("InvalidParameterValue", `A resource can have at most ${MAX_TAGS} tags.`, 400, {
        shape: "InvalidParameterValueException",
      });
    }
    target.save([...merged].map(([Key, Value]) => ({ Key, Value })));
    return {};
  },

  UntagResource(input: Input<"UntagResource">, ctx: RequestContext) {
    const target = resource(input.ResourceARN, ctx);
    if (!target) throw notFound(input.ResourceARN);
    target.save(target.tags.filter((t) => !input.TagKeys.includes(t.Key)));
    return {};
  },

  /** A well-formed alarm ARN with no alarm behind it lists no tags, as AWS answers for a deleted alarm. */
  ListTagsForResource(input: Input<"ListTagsForResource">, ctx: RequestContext) {
    const target = resource(input.ResourceARN, ctx);
    if (!target) {
      if (ALARM_ARN.test(input.ResourceARN)) return { Tags: [] };
      throw notFound(input.ResourceARN);
    }
    return { Tags: target.tags };
  },
};
