import {
  type FailedImageRecord,
  newImageId,
  type ProcessedImageRecord,
  type UploadedImageRecord,
  VARIANT_SPECS,
  type VariantName,
  variantKey,
} from "@darkroom/image-record";

/** Records as the API and the processor write them, for images created at `createdAt`. */

export function uploadedRecord(createdAt: string, fileName = "chelsea.png"): UploadedImageRecord {
  const imageId = newImageId(Date.parse(createdAt));
  return {
    imageId,
    status: "UPLOADED",
    attempts: 0,
    originalKey: `uploads/${imageId}/${fileName}`,
    originalBytes: 240_512,
    contentType: "image/png",
    originalFileName: fileName,
    keepLocation: false,
    createdAt,
    updatedAt: createdAt,
  };
}

function later(time: string, ms: number): string {
  return new Date(Date.parse(time) + ms).toISOString();
}

/** chelsea.png (451x300) processed: full-size variants at its size, a 300x300 thumbnail, labels. */
export function processedRecord(createdAt: string): ProcessedImageRecord {
  const uploaded = uploadedRecord(createdAt);
  const variant = (name: VariantName, width: number, height: number) => ({
    name,
    key: variantKey(uploaded.imageId, name),
    format: VARIANT_SPECS[name].format,
    width,
    height,
    bytes: 20_000,
  });
  const processedAt = later(createdAt, 2_000);
  return {
    ...uploaded,
    status: "PROCESSED",
    attempts: 1,
    format: "png",
    width: 451,
    height: 300,
    variants: [
      variant("compressed", 451, 300),
      variant("low", 451, 300),
      variant("webp", 451, 300),
      variant("png", 451, 300),
      variant("thumbnail", 300, 300),
    ],
    labels: [
      { name: "Animal", confidence: 99.1, parents: [], categories: ["Animals and Pets"], instances: [] },
      {
        name: "Mammal",
        confidence: 97.4,
        parents: ["Animal"],
        categories: ["Animals and Pets"],
        instances: [],
      },
      { name: "Pet", confidence: 96.0, parents: ["Animal"], categories: ["Animals and Pets"], instances: [] },
      { name: "Cat", confidence: 98.6, parents: ["Pet", "Mammal", "Animal"], categories: [], instances: [] },
      { name: "Kitten", confidence: 71.2, parents: ["Cat"], categories: [], instances: [] },
      { name: "Whiskers", confidence: 64.8, parents: [], categories: [], instances: [] },
    ],
    exif: {},
    dominantColor: "#6b5d4f",
    placeholder: { kind: "thumbhash", data: "1QcSHQRnh493V4dIh4eXh1h4kJUI" },
    timings: {
      download: 10,
      decode: 20,
      compressed: 30,
      low: 25,
      webp: 40,
      png: 60,
      thumbnail: 8,
      total: 200,
    },
    processedAt,
    updatedAt: processedAt,
  };
}

/** An upload that was not an image the processor could decode. */
export function failedRecord(createdAt: string): FailedImageRecord {
  const processedAt = later(createdAt, 500);
  return {
    ...uploadedRecord(createdAt, "notes.png"),
    status: "FAILED",
    attempts: 1,
    failure: {
      code: "UNSUPPORTED_FORMAT",
      message: "the file's bytes are not an image format Darkroom reads",
    },
    timings: { download: 5, total: 9 },
    processedAt,
    updatedAt: processedAt,
  };
}
