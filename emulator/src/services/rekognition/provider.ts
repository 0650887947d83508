import type { RequestContext } from "../../gateway/context.ts";
import type { Provider } from "../../protocol/provider.ts";
import { faceDetails } from "./detect-faces.ts";
import { internalServerError, invalidImageFormat, invalidParameter } from "./errors.ts";
import { readImage } from "./image-source.ts";
import { type InferenceClient, InferenceError } from "./inference/client.ts";
import { buildImageProperties, buildLabels } from "./labels/detect-labels.ts";
import { taxonomy } from "./labels/taxonomy.ts";
import { MODERATION_MODEL_VERSION, moderationLabels } from "./moderation.ts";
import type { RekognitionSchemas } from "./schemas.ts";

/** Rekognition's defaults: labels at 55% and up, moderation labels at 50% and up, 10 colours. */
const DEFAULT_LABEL_CONFIDENCE = 55;
const DEFAULT_MODERATION_CONFIDENCE = 50;
const DEFAULT_DOMINANT_COLORS = 10;

/** The inference process's failures as Rekognition's errors: an image that does not decode is a bad format. */
async function infer<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof InferenceError) {
      if (err.kind === "invalid-image") throw invalidImageFormat();
      throw internalServerError(`Rekognition's local models failed: ${err.message}`);
    }
    throw err;
  }
}

/** Rekognition answered by the local models; one method per operation. */
export function rekognitionProvider(models: InferenceClient): Provider<RekognitionSchemas> {
  return {
    async DetectLabels(input, ctx: RequestContext) {
      const features = input.Features?.length ? input.Features : ["GENERAL_LABELS"];
      const generalLabels = features.includes("GENERAL_LABELS");
      const imageProperties = features.includes("IMAGE_PROPERTIES");
      const image = await readImage(ctx, input.Image);
      const result = await infer(() => models.labels(image, imageProperties));
      const general = input.Settings?.GeneralLabels;
      const maxDominantColors = input.Settings?.ImageProperties?.MaxDominantColors ?? DEFAULT_DOMINANT_COLORS;
      const table = taxonomy();
      const properties = imageProperties ? buildImageProperties(result, maxDominantColors) : undefined;
      return {
        ...(generalLabels
          ? {
              Labels: buildLabels(table, result, {
                maxLabels: input.MaxLabels,
                minConfidence: input.MinConfidence ?? DEFAULT_LABEL_CONFIDENCE,
                generalLabels,
                imageProperties,
                maxDominantColors,
                include: general?.LabelInclusionFilters,
                exclude: general?.LabelExclusionFilters,
                includeCategories: general?.LabelCategoryInclusionFilters,
                excludeCategories: general?.LabelCategoryExclusionFilters,
              }),
            }
          : {}),
        LabelModelVersion: table.labelModelVersion,
        ...(properties ? { ImageProperties: properties } : {}),
      };
    },

    async DetectFaces(input, ctx: RequestContext) {
      const image = await readImage(ctx, input.Image);
      const result = await infer(() => models.faces(image));
      return { FaceDetails: faceDetails(result.faces, input.Attributes ?? ["DEFAULT"]) };
    },

    async DetectModerationLabels(input, ctx: RequestContext) {
      if (input.ProjectVersion !== undefined) {
        throw invalidParameter(
          "Custom moderation adapters (ProjectVersion) are not available in the local emulator",
        );
      }
      const image = await readImage(ctx, input.Image);
      const result = await infer(() => models.moderation(image));
      return {
        ModerationLabels: moderationLabels(result, input.MinConfidence ?? DEFAULT_MODERATION_CONFIDENCE),
        ModerationModelVersion: MODERATION_MODEL_VERSION,
      };
    },
  };
}
