import type { ListQuery } from "@darkroom/image-record";

/**
 * A creation-time range as a condition on a listing index's sort key `<createdAt>#<id>`: the
 * timestamps have fixed width, so text order is time order. "~" sorts after every id character,
 * so `<to>#~` includes every image created at `to`.
 */
export interface CreatedRange {
  from?: string;
  to?: string;
}

export function sortKeyBounds(range: CreatedRange): { lower?: string; upper?: string } {
  return {
    ...(range.from !== undefined ? { lower: new Date(range.from).toISOString() } : {}),
    ...(range.to !== undefined ? { upper: `${new Date(range.to).toISOString()}#~` } : {}),
  };
}

/** The listing's Query with the range added to its key condition; unchanged without a range. */
export function withCreatedRange(query: ListQuery, sortAttribute: string, range: CreatedRange): ListQuery {
  const { lower, upper } = sortKeyBounds(range);
  if (lower === undefined && upper === undefined) return query;
  const values = { ...query.ExpressionAttributeValues };
  let condition: string;
  if (lower !== undefined && upper !== undefined) {
    condition = `${sortAttribute} BETWEEN :from AND :to`;
    values[":from"] = lower;
    values[":to"] = upper;
  } else if (lower !== undefined) {
    condition = `${sortAttribute} >= :from`;
    values[":from"] = lower;
  } else {
    condition = `${sortAttribute} <= :to`;
    values[":to"] = upper!;
  }
  return {
    ...query,
    KeyConditionExpression: `${query.KeyConditionExpression} AND ${condition}`,
    ExpressionAttributeValues: values,
  };
}

/** Whether a cursor's position lies inside the range (DynamoDB refuses a start key outside it). */
export function isInsideRange(sortKey: string, range: CreatedRange): boolean {
  const { lower, upper } = sortKeyBounds(range);
  return (lower === undefined || sortKey >= lower) && (upper === undefined || sortKey <= upper);
}
