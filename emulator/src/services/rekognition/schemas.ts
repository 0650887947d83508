import { z } from "zod";

/** Rekognition's request shapes (botocore's rekognition 2016-06-27), validated at the edge. */

const percent = z.number().min(0).max(100);
const uinteger = z.number().int().min(0);

/** A blob in AWS JSON is base64 text; the request arrives decoded into bytes. */
const imageBlob = z
  .string()
  .min(1)
  .transform((text) => Buffer.from(text, "base64"));

export const imageSchema = z.object({
  Bytes: imageBlob.optional(),
  S3Object: z
    .object({
      Bucket: z
        .string()
        .min(3)
        .max(255)
        .regex(/^[0-9A-Za-z.\-_]*$/)
        .optional(),
      Name: z.string().min(1).max(1024).optional(),
      Version: z.string().min(1).max(1024).optional(),
    })
    .optional(),
});

const filterList = z.array(z.string().max(50)).max(100);

export const rekognitionSchemas = {
  DetectLabels: z.object({
    Image: imageSchema,
    MaxLabels: uinteger.optional(),
    MinConfidence: percent.optional(),
    Features: z
      .array(z.enum(["GENERAL_LABELS", "IMAGE_PROPERTIES"]))
      .max(2)
      .optional(),
    Settings: z
      .object({
        GeneralLabels: z
          .object({
            LabelInclusionFilters: filterList.optional(),
            LabelExclusionFilters: filterList.optional(),
            LabelCategoryInclusionFilters: filterList.optional(),
            LabelCategoryExclusionFilters: filterList.optional(),
          })
          .optional(),
        ImageProperties: z
          .object({ MaxDominantColors: z.number().int().min(0).max(20).optional() })
          .optional(),
      })
      .optional(),
  }),
  DetectFaces: z.object({
    Image: imageSchema,
    Attributes: z
      .array(
        z.enum([
          "DEFAULT",
          "ALL",
          "AGE_RANGE",
          "BEARD",
          "EMOTIONS",
          "EYE_DIRECTION",
          "EYEGLASSES",
          "EYES_OPEN",
          "GENDER",
          "MOUTH_OPEN",
          "MUSTACHE",
          "FACE_OCCLUDED",
          "SMILE",
          "SUNGLASSES",
        ]),
      )
      .optional(),
  }),
  DetectModerationLabels: z.object({
    Image: imageSchema,
    MinConfidence: percent.optional(),
    HumanLoopConfig: z.record(z.string(), z.unknown()).optional(),
    ProjectVersion: z.string().min(20).max(2048).optional(),
  }),
};

export type RekognitionSchemas = typeof rekognitionSchemas;
export type DetectLabelsInput = z.infer<RekognitionSchemas["DetectLabels"]>;
export type DetectFacesInput = z.infer<RekognitionSchemas["DetectFaces"]>;
export type DetectModerationLabelsInput = z.infer<RekognitionSchemas["DetectModerationLabels"]>;
