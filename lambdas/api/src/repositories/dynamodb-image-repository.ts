import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { TABLE_ATTRIBUTES, toImageItem, type UploadedImageRecord } from "@darkroom/image-record";
import { DynamoImageReads } from "@darkroom/image-record/dynamodb";
import { ImageAlreadyExistsError, type ImageRepository } from "./image-repository.ts";

/** The image table in DynamoDB: image-record's shared reads, and the upload's conditional write. */
export class DynamoImageRepository extends DynamoImageReads implements ImageRepository {
  async createImage(record: UploadedImageRecord): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toImageItem(record),
          // Never overwrite: a second record for an id would lose the first's upload.
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": TABLE_ATTRIBUTES.pk },
        }),
      );
    } catch (error) {
      // By name: instanceof fails when two copies of the SDK are bundled.
      if ((error as Error).name === "ConditionalCheckFailedException") {
        throw new ImageAlreadyExistsError(record.imageId);
      }
      throw error;
    }
  }
}
