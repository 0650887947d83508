import type { ImageRecord, ProcessedImageRecord } from "../src/index.ts";

export const IMAGE_ID = "01JH8ZK5Q3X7W9M2N4P6R8T0VB";

/** A processed record for a 6000x4000 JPEG, as the processor would write it. */
export function processedRecord(): ProcessedImageRecord {
  const variant = (name: string, ext: string, contentType: string, width: number, height: number) => ({
    key: `variants/${IMAGE_ID}/${name}.${ext}`,
    contentType,
    bytes: 123_456,
    width,
    height,
  });
  return {
    imageId: IMAGE_ID,
    status: "processed",
    original: {
      key: `uploads/${IMAGE_ID}/holiday.jpg`,
      contentType: "image/jpeg",
      bytes: 4_200_000,
      width: 6000,
      height: 4000,
      format: "jpeg",
    },
    variants: {
      "jpeg-q85": variant("jpeg-q85", "jpg", "image/jpeg", 4096, 2731),
      "jpeg-q60": variant("jpeg-q60", "jpg", "image/jpeg", 4096, 2731),
      webp: variant("webp", "webp", "image/webp", 4096, 2731),
      png: variant("png", "png", "image/png", 4096, 2731),
      thumbnail: variant("thumbnail", "jpg", "image/jpeg", 300, 300),
    },
    labels: [
      { name: "Beach", confidence: 98.2, parents: ["Nature"] },
      { name: "Nature", confidence: 98.2 },
    ],
    uploader: { originalFilename: "Holiday 2024 (1).JPG" },
    createdAt: "2025-01-31T12:00:00.000Z",
    updatedAt: "2025-01-31T12:00:03.250Z",
  };
}

export function uploadedRecord(): ImageRecord {
  return {
    imageId: IMAGE_ID,
    status: "uploaded",
    original: { key: `uploads/${IMAGE_ID}/holiday.jpg`, contentType: "image/jpeg", bytes: 4_200_000 },
    uploader: { originalFilename: "holiday.jpg" },
    createdAt: "2025-01-31T12:00:00.000Z",
    updatedAt: "2025-01-31T12:00:00.000Z",
  };
}
