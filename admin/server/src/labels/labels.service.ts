import type { LabelCount } from "@darkroom/image-record";
import { Inject, Injectable, Logger } from "@nestjs/common";
import { IMAGE_TABLE } from "../app/tokens.ts";
import type { ImageTable } from "../repositories/image-table.repository.ts";
import type { LabelList, Recount } from "./labels.dto.ts";

/** The most frequent first, then by label, so equal counts keep one order. */
function byCountThenLabel(a: LabelCount, b: LabelCount): number {
  return b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

/**
 * Label counts, as the processor and the admin's deletions keep them (image-record's label
 * count items, one Query to read); never counted from the label items on a request. No cache:
 * the read is one small Query, and a cache would show a deletion made here seconds late.
 */
@Injectable()
export class LabelsService {
  readonly #table: ImageTable;
  readonly #logger = new Logger(LabelsService.name);

  constructor(@Inject(IMAGE_TABLE) table: ImageTable) {
    this.#table = table;
  }

  async top(limit: number): Promise<LabelList> {
    // A count at 0 stays after its last image goes (or below, on a table older than counts).
    const counted = (await this.#table.labelCounts()).filter((c) => c.count > 0).sort(byCountThenLabel);
    return {
      labels: counted.slice(0, limit).map((c) => ({ label: c.name, count: c.count })),
      total: counted.length,
    };
  }

  /**
   * Sets every count from the label items themselves (a Scan: see tallyLabelItems), for tables
   * written before counts existed. Writes that land while it runs can be lost from the counts:
   * run it while nothing is being processed or deleted.
   */
  async recount(): Promise<Recount> {
    const tally = await this.#table.tallyLabelItems();
    const before = new Map((await this.#table.labelCounts()).map((c) => [c.label, c]));
    const found = new Set(tally.counts.map((c) => c.label));
    const changed = tally.counts.filter((c) => before.get(c.label)?.count !== c.count);
    // Counts of labels no image has any more: deleted, and wrong unless they were at 0.
    const removed = [...before.values()].filter((c) => !found.has(c.label));
    await this.#table.setLabelCounts(
      changed,
      removed.map((c) => c.label),
    );
    const result = {
      labels: tally.counts.length,
      labelItems: tally.labelItems,
      scannedItems: tally.scannedItems,
      corrected: changed.length + removed.filter((c) => c.count !== 0).length,
    };
    this.#logger.log({ msg: "recounted labels", ...result });
    return result;
  }
}
