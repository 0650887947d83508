import { z } from "zod";
import { normaliseLabel } from "./labels.ts";
import { LABEL_COUNTS_PARTITION, labelCountKey } from "./table-layout.ts";

/**
 * How many label items carry a label: one item per label in partition LABELS. Every
 * transaction that writes or deletes label items adds to or takes from it (label-writes.ts in
 * the dynamodb entry), so nothing is ever recounted on a read.
 */
export const labelCountItemSchema = z.object({
  pk: z.literal(LABEL_COUNTS_PARTITION),
  sk: z.string(),
  /** The normalised label, as in the keys. */
  label: z.string().min(1),
  /** Rekognition's spelling, as on the label items (the latest one written). */
  name: z.string().min(1),
  /**
   * Never below 0 once counts are kept from the start; a table with label items written before
   * counts existed can go below 0 on a deletion, until a recount sets it right.
   */
  count: z.number().int(),
});

export interface LabelCount {
  label: string;
  name: string;
  count: number;
}

/** A label count item read back: validated, its key checked against its label. */
export function fromLabelCountItem(item: Record<string, unknown>): LabelCount {
  const result = labelCountItemSchema.safeParse(item);
  if (!result.success) throw new Error(`invalid label count item:\n${z.prettifyError(result.error)}`);
  const { sk, label, name, count } = result.data;
  if (sk !== labelCountKey(label).sk) {
    throw new Error(`label count item ${JSON.stringify(sk)} holds the label ${JSON.stringify(label)}`);
  }
  if (normaliseLabel(name) !== label) {
    throw new Error(`label count item of "${label}": "${name}" does not normalise to it`);
  }
  return { label, name, count };
}

/** The item to PutItem for a count set outright (a recount). */
export function toLabelCountItem(count: LabelCount): z.infer<typeof labelCountItemSchema> {
  const label = normaliseLabel(count.name);
  if (label !== count.label) throw new Error(`"${count.name}" does not normalise to "${count.label}"`);
  if (!Number.isInteger(count.count) || count.count < 0) {
    throw new Error(`invalid count ${count.count} for "${count.label}"`);
  }
  return { ...labelCountKey(label), label, name: count.name, count: count.count };
}
