import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  fromImageItem,
  type ImageRecord,
  imageItemKey,
  newImageId,
  sanitizeFilename,
  uploadKey,
  VARIANT_PREFIX,
} from "@darkroom/image-record";
import type { Deployment } from "../../../test/support/deploy.ts";
import { emulatorClient } from "../../../test/support/emulator-clients.ts";

/** An object as read back from S3. */
export interface StoredObject {
  body: Buffer;
  contentType: string | undefined;
}

/** The deployed stack as the corpus test uses it: the API to declare uploads, S3 and the table to check. */
export class CorpusStack {
  readonly stack: Deployment;
  readonly #s3: S3Client;
  readonly #dynamodb: DynamoDBDocumentClient;

  constructor(stack: Deployment) {
    this.stack = stack;
    this.#s3 = emulatorClient(S3Client, stack.endpoint);
    this.#dynamodb = DynamoDBDocumentClient.from(emulatorClient(DynamoDBClient, stack.endpoint));
  }

  /** POST /uploads, as the console does before sending a file: the UPLOADED record and the key. */
  async declareUpload(
    fileName: string,
    contentType: string,
    bytes: number,
  ): Promise<{ imageId: string; key: string }> {
    const response = await fetch(new URL("uploads", this.stack.api.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fileName, contentType, bytes }),
    });
    const body: unknown = await response.json();
    if (response.status !== 201)
      throw new Error(`POST /uploads answered ${response.status}: ${JSON.stringify(body)}`);
    const { imageId, fields } = body as { imageId: string; fields: Record<string, string> };
    const key = fields.key ?? fields.Key;
    if (key === undefined) throw new Error(`POST /uploads gave no key: ${JSON.stringify(body)}`);
    return { imageId, key };
  }

  /** A key no record names yet, for an object put by hand. */
  undeclaredKey(fileName: string): { imageId: string; key: string } {
    const imageId = newImageId(Date.now());
    return { imageId, key: uploadKey(imageId, sanitizeFilename(fileName)) };
  }

  /**
   * The bytes put at `key` with PutObject rather than the presigned POST: the POST policy would
   * refuse the files that lie about their size, and it is the processor under test, not S3.
   */
  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.stack.uploadsBucket,
        Key: key,
        Body: body,
        ContentType: contentType,
      }),
    );
  }

  /** The image's record, validated by the domain schema; undefined while there is none. */
  async record(imageId: string): Promise<ImageRecord | undefined> {
    const { Item } = await this.#dynamodb.send(
      new GetCommand({ TableName: this.stack.imagesTable, Key: imageItemKey(imageId), ConsistentRead: true }),
    );
    return Item ? fromImageItem(Item) : undefined;
  }

  async media(key: string): Promise<StoredObject> {
    const object = await this.#s3.send(new GetObjectCommand({ Bucket: this.stack.mediaBucket, Key: key }));
    return { body: Buffer.from(await object.Body!.transformToByteArray()), contentType: object.ContentType };
  }

  /** Keys in the media bucket under the image's variants/ folder. */
  async variantKeys(imageId: string): Promise<string[]> {
    const listed = await this.#s3.send(
      new ListObjectsV2Command({ Bucket: this.stack.mediaBucket, Prefix: `${VARIANT_PREFIX}${imageId}/` }),
    );
    return (listed.Contents ?? []).map((object) => object.Key!);
  }
}
