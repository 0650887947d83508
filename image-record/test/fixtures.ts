import type {
  FailedImageRecord,
  ProcessedImageRecord,
  ProcessingImageRecord,
  UploadedImageRecord,
  VariantName,
} from "../src/index.ts";

export const IMAGE_ID = "01JH8ZK5Q3X7W9M2N4P6R8T0VB";
export const OTHER_ID = "01JH8ZK5Q3X7W9M2N4P6R8T0VC";
const CREATED_AT = "2025-01-31T12:00:00.000Z";

export function uploadedRecord(): UploadedImageRecord {
  return {
    imageId: IMAGE_ID,
    status: "UPLOADED",
    originalKey: `uploads/${IMAGE_ID}/Holiday-2024-1.JPG`,
    originalBytes: 4_200_000,
    contentType: "image/jpeg",
    originalFileName: "Holiday 2024 (1).JPG",
    keepLocation: false,
    attempts: 0,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
  };
}

export function processingRecord(): ProcessingImageRecord {
  return { ...uploadedRecord(), status: "PROCESSING", attempts: 1, updatedAt: "2025-01-31T12:00:01.000Z" };
}

/**
 * A phone photo stored as 6000x4000 with EXIF orientation 6 (shown as 4000x6000 portrait), so its
 * full-size variants are 2731x4096 and its thumbnail 300x300.
 */
export function processedRecord(): ProcessedImageRecord {
  const variant = (
    name: VariantName,
    ext: string,
    format: "jpeg" | "webp" | "png",
    width: number,
    height: number,
  ) => ({
    name,
    key: `variants/${IMAGE_ID}/${name}.${ext}`,
    format,
    width,
    height,
    bytes: 123_456,
  });
  return {
    ...uploadedRecord(),
    status: "PROCESSED",
    attempts: 1,
    format: "jpeg",
    width: 6000,
    height: 4000,
    orientation: 6,
    variants: [
      variant("compressed", "jpg", "jpeg", 2731, 4096),
      variant("low", "jpg", "jpeg", 2731, 4096),
      variant("webp", "webp", "webp", 2731, 4096),
      variant("png", "png", "png", 2731, 4096),
      variant("thumbnail", "jpg", "jpeg", 300, 300),
    ],
    labels: [
      {
        name: "Beach",
        confidence: 98.2,
        parents: ["Nature", "Outdoors"],
        categories: ["Nature and Outdoors"],
        instances: [],
      },
      {
        name: "Person",
        confidence: 95.1,
        parents: [],
        categories: ["Person Description"],
        instances: [{ boundingBox: { width: 0.2, height: 0.5, left: 0.4, top: 0.3 }, confidence: 94.7 }],
      },
    ],
    exif: {
      camera: "FUJIFILM X-T4",
      lens: "XF16-55mmF2.8 R LM WR",
      takenAt: "2024-07-14T16:03:22",
      exposure: { exposureTime: 0.004, fNumber: 8, iso: 160, focalLength: 23 },
    },
    dominantColor: "#3a6f9c",
    placeholder: { kind: "thumbhash", data: "1QcSHQRnh493V4dIh4eXh1h4kJUI" },
    timings: {
      download: 120,
      decode: 310,
      compressed: 850,
      low: 620,
      webp: 1400,
      png: 2900,
      thumbnail: 90,
      labels: 700,
      write: 35,
      total: 3410,
    },
    processedAt: "2025-01-31T12:00:04.500Z",
    updatedAt: "2025-01-31T12:00:04.500Z",
  };
}

/** A file that claimed to be a JPEG but was cut short: detected, not decoded. */
export function failedRecord(): FailedImageRecord {
  return {
    ...uploadedRecord(),
    status: "FAILED",
    attempts: 1,
    format: "jpeg",
    failure: { code: "CORRUPT", message: "VipsJpeg: Premature end of input file" },
    timings: { download: 80, decode: 12, total: 95 },
    processedAt: "2025-01-31T12:00:01.500Z",
    updatedAt: "2025-01-31T12:00:01.500Z",
  };
}
