import { IMAGE_TABLE_LAYOUT, IMAGE_TABLE_TTL_ATTRIBUTE } from "@darkroom/image-record";
import { describe, expect, it } from "vitest";
import { first, resources, synthTarget } from "./support/synth.ts";

describe("metadata", () => {
  const [[, table] = ["", {}], ...others] = resources(synthTarget("local").json, "aws_dynamodb_table");

  it("is one images table, on demand", () => {
    expect(others).toEqual([]);
    expect(table).toMatchObject({ name: "darkroom-images", billing_mode: "PAY_PER_REQUEST" });
  });

  it("has the keys and indexes of image-record's IMAGE_TABLE_LAYOUT", () => {
    expect(table).toMatchObject({
      hash_key: IMAGE_TABLE_LAYOUT.hashKey,
      range_key: IMAGE_TABLE_LAYOUT.rangeKey,
    });
    expect(table.attribute).toEqual(IMAGE_TABLE_LAYOUT.attributes);
    expect(table.global_secondary_index).toEqual(
      IMAGE_TABLE_LAYOUT.globalSecondaryIndexes.map((index) => ({
        name: index.name,
        hash_key: index.hashKey,
        range_key: index.rangeKey,
        projection_type: index.projectionType,
      })),
    );
  });

  it("has an index listing images by detected format, for the admin console's format filter", () => {
    expect(table.global_secondary_index).toContainEqual({
      name: "gsi3",
      hash_key: "gsi3pk",
      range_key: "gsi3sk",
      projection_type: "ALL",
    });
    expect(table.attribute).toEqual(
      expect.arrayContaining([
        { name: "gsi3pk", type: "S" },
        { name: "gsi3sk", type: "S" },
      ]),
    );
  });

  it("has TTL and point-in-time recovery on", () => {
    expect(first(table.ttl)).toEqual({ attribute_name: IMAGE_TABLE_TTL_ATTRIBUTE, enabled: true });
    expect(first(table.point_in_time_recovery)).toEqual({ enabled: true });
  });
});
