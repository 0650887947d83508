import { z } from "zod";

/**
 * What crosses the inference process's boundary. Boxes and points are ratios of the image as Rekognition
 * reports them (after EXIF orientation); confidences are 0 to 1 as the models give them.
 */

export const taskSchema = z.enum(["labels", "faces", "moderation"]);
export type Task = z.infer<typeof taskSchema>;

export const inferenceRequestSchema = z.object({
  id: z.number().int(),
  task: taskSchema,
  /** The encoded JPEG or PNG. */
  image: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "image bytes"),
  /** Labels only: also measure colours and quality (the IMAGE_PROPERTIES feature). */
  imageProperties: z.boolean().optional(),
});
export type InferenceRequest = z.infer<typeof inferenceRequestSchema>;

const ratio = z.number();
export const boxSchema = z.object({ left: ratio, top: ratio, width: ratio, height: ratio });
export type Box = z.infer<typeof boxSchema>;

/** The pixels nearest one named CSS colour: their mean colour and their share of the region (0 to 100). */
export const colorSampleSchema = z.object({
  cssColor: z.string(),
  red: z.number().int().min(0).max(255),
  green: z.number().int().min(0).max(255),
  blue: z.number().int().min(0).max(255),
  percent: z.number().min(0).max(100),
});
export type ColorSample = z.infer<typeof colorSampleSchema>;

/** Brightness, sharpness and contrast, each 0 to 100. */
export const regionQualitySchema = z.object({
  brightness: z.number(),
  sharpness: z.number(),
  contrast: z.number(),
});
export type RegionQuality = z.infer<typeof regionQualitySchema>;

export const regionStatsSchema = z.object({
  quality: regionQualitySchema,
  colors: z.array(colorSampleSchema),
});
export type RegionStats = z.infer<typeof regionStatsSchema>;

export const objectDetectionSchema = z.object({
  /** The model's class name, e.g. "cat" (COCO). */
  className: z.string(),
  score: z.number().min(0).max(1),
  box: boxSchema,
  /** Measured only when image properties were asked for. */
  colors: z.array(colorSampleSchema).optional(),
});
export type ObjectDetection = z.infer<typeof objectDetectionSchema>;

export const pointSchema = z.object({ x: z.number(), y: z.number() });

export const faceAnalysisSchema = z.object({
  box: boxSchema,
  /** The detector's score. */
  score: z.number().min(0).max(1),
  /** Named points from the face mesh, keyed by Rekognition's landmark types. */
  landmarks: z.record(z.string(), pointSchema),
  /** Degrees. */
  pose: z.object({ roll: z.number(), yaw: z.number(), pitch: z.number() }),
  quality: z.object({ brightness: z.number(), sharpness: z.number() }),
  age: z.number().optional(),
  gender: z.object({ value: z.enum(["male", "female"]), score: z.number().min(0).max(1) }).optional(),
  emotions: z.array(z.object({ emotion: z.string(), score: z.number().min(0).max(1) })).optional(),
  /** Eyelid and lip openness measured on the mesh, as ratios of the eye width and mouth width. */
  eyeOpenness: z.number().optional(),
  mouthOpenness: z.number().optional(),
});
export type FaceAnalysis = z.infer<typeof faceAnalysisSchema>;

export const labelsResultSchema = z.object({
  objects: z.array(objectDetectionSchema),
  faces: z.array(faceAnalysisSchema),
  properties: z
    .object({
      whole: regionStatsSchema,
      foreground: regionStatsSchema.optional(),
      background: regionStatsSchema.optional(),
    })
    .optional(),
});
export type LabelsResult = z.infer<typeof labelsResultSchema>;

export const facesResultSchema = z.object({ faces: z.array(faceAnalysisSchema) });
export type FacesResult = z.infer<typeof facesResultSchema>;

/** The moderation classifier's classes with their probabilities. */
export const moderationResultSchema = z.object({
  classes: z.array(z.object({ className: z.string(), probability: z.number().min(0).max(1) })),
});
export type ModerationResult = z.infer<typeof moderationResultSchema>;

/** A failure the inference process can name: the image did not decode, or the models failed. */
export const inferenceFailureSchema = z.object({
  kind: z.enum(["invalid-image", "internal"]),
  message: z.string(),
});

export const inferenceReplySchema = z.discriminatedUnion("ok", [
  z.object({ id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number(), ok: z.literal(false), error: inferenceFailureSchema }),
]);
export type InferenceReply = z.infer<typeof inferenceReplySchema>;
