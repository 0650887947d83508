import { probabilityConfidence } from "./confidence.ts";
import type { ModerationResult } from "./inference/messages.ts";

/** The version of Rekognition's moderation taxonomy the labels below are named after. */
export const MODERATION_MODEL_VERSION = "7.0";

/**
 * The classifier's classes in Rekognition's taxonomy: a top-level label and, where the class
 * says that much, its second-level child. Neutral and Drawing are not unsafe content.
 */
const MODERATION_CLASSES: Record<string, { top: string; second?: string }> = {
  Porn: { top: "Explicit", second: "Explicit Nudity" },
  Hentai: { top: "Explicit", second: "Explicit Nudity" },
  Sexy: { top: "Swimwear or Underwear" },
};

interface ModerationLabel {
  Confidence: number;
  Name: string;
  ParentName: string;
  TaxonomyLevel: number;
}

/** ModerationLabels at or above MinConfidence; a parent shares its most confident child's confidence. */
export function moderationLabels(result: ModerationResult, minConfidence: number): ModerationLabel[] {
  const labels = new Map<string, ModerationLabel>();
  const add = (name: string, parent: string, level: number, confidence: number) => {
    const existing = labels.get(name);
    if (!existing || existing.Confidence < confidence) {
      labels.set(name, { Confidence: confidence, Name: name, ParentName: parent, TaxonomyLevel: level });
    }
  };
  for (const { className, probability } of result.classes) {
    const mapped = MODERATION_CLASSES[className];
    const confidence = probabilityConfidence(probability);
    if (!mapped || confidence < minConfidence) continue;
    add(mapped.top, "", 1, confidence);
    if (mapped.second) add(mapped.second, mapped.top, 2, confidence);
  }
  return [...labels.values()].sort(
    (a, b) => b.Confidence - a.Confidence || a.TaxonomyLevel - b.TaxonomyLevel,
  );
}
