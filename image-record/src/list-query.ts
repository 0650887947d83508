import { z } from "zod";
import { imageStatusSchema } from "./image-status.ts";
import { inputFormatSchema } from "./input-formats.ts";
import { MAX_LABEL_NAME_LENGTH, normaliseLabel } from "./labels.ts";
import { decodeListCursor, InvalidCursorError, MAX_CURSOR_LENGTH } from "./list-cursor.ts";
import { type ListMode, listIndex } from "./list-mode.ts";
import { wholeNumberSchema } from "./whole-number.ts";

/**
 * `GET /images?limit=&cursor=&status=&label=`: newest first, as a Query on an index (see
 * table-layout.ts). status, label and format (the admin backend's) are one each and exclusive:
 * no index serves two of them.
 */
export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 100;

/** The list request's parameters, from a query string (strings) or from code (numbers). */
export const listParamsSchema = z
  .object({
    limit: wholeNumberSchema("must be a whole number")
      .pipe(z.number().min(1, "must be at least 1").max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`))
      .default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1, "must not be empty").max(MAX_CURSOR_LENGTH, "is too long").optional(),
    // Case-insensitive for people typing URLs: ?status=failed.
    status: z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(imageStatusSchema)
      .optional(),
    label: z
      .string()
      .max(4 * MAX_LABEL_NAME_LENGTH)
      .transform((name, ctx) => {
        try {
          return normaliseLabel(name);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
    format: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(inputFormatSchema)
      .optional(),
  })
  .refine((params) => params.status === undefined || params.label === undefined, {
    path: ["label"],
    message: "cannot be combined with status",
  })
  .refine((params) => params.format === undefined || (params.status ?? params.label) === undefined, {
    path: ["format"],
    message: "cannot be combined with status or label",
  });

export type ListParams = z.output<typeof listParamsSchema>;
export type ListParamsInput = z.input<typeof listParamsSchema>;

/** A list request the API must answer with 400; `field` names the parameter at fault. */
export class InvalidListRequestError extends Error {
  override readonly name = "InvalidListRequestError";
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** QueryCommand input, as plain data; the caller adds TableName. */
export interface ListQuery {
  IndexName: string;
  KeyConditionExpression: string;
  ExpressionAttributeValues: Record<string, string>;
  ScanIndexForward: false;
  Limit: number;
  ExclusiveStartKey?: Record<string, string>;
}

/** Validated parameters, or InvalidListRequestError naming the first bad one. */
export function parseListParams(input: ListParamsInput): ListParams {
  const result = listParamsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join(".") || "query";
  throw new InvalidListRequestError(field, `${field}: ${issue.message}`);
}

export function listMode(params: Pick<ListParams, "status" | "label" | "format">): ListMode {
  if (params.status !== undefined) return { kind: "status", status: params.status };
  if (params.label !== undefined) return { kind: "label", label: params.label };
  if (params.format !== undefined) return { kind: "format", format: params.format };
  return { kind: "all" };
}

/**
 * The Query for one page. In the label listing the items are label items: the API reads their
 * images with BatchGetItem (imageItemKey), at most MAX_PAGE_SIZE = BatchGetItem's 100 keys.
 */
export function listQuery(input: ListParamsInput): ListQuery {
  const params = parseListParams(input);
  const index = listIndex(listMode(params));
  const query: ListQuery = {
    IndexName: index.indexName,
    KeyConditionExpression: `${index.partitionAttribute} = :partition`,
    ExpressionAttributeValues: { ":partition": index.partition },
    ScanIndexForward: false,
    Limit: params.limit,
  };
  if (params.cursor === undefined) return query;
  try {
    return { ...query, ExclusiveStartKey: decodeListCursor(listMode(params), params.cursor) };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new InvalidListRequestError("cursor", error.message);
    throw error;
  }
}
