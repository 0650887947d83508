import {
  DetectLabelsCommand,
  type DetectLabelsCommandOutput,
  RekognitionClient,
  type Label as RekognitionLabel,
} from "@aws-sdk/client-rekognition";
import { awsClient } from "@darkroom/aws-clients";
import { type Label, labelSchema, MAX_LABELS, normaliseLabel } from "@darkroom/image-record";

/** What Rekognition looks at: the bytes of a JPEG or PNG up to 5 MB, or an object in S3. */
export type LabelSource = { bytes: Uint8Array } | { bucket: string; key: string };

/** Labels for an image, behind one interface. */
export interface LabelDetector {
  detect(source: LabelSource, signal: AbortSignal): Promise<Label[]>;
}

export const DETECT_LABELS_MAX_LABELS = 20;
export const DETECT_LABELS_MIN_CONFIDENCE = 70;
/** Rekognition's limit for image bytes sent in the request; larger images go by S3 reference. */
export const REKOGNITION_MAX_IMAGE_BYTES = 5 * 1024 * 1024;

const ratio = (value: number | undefined) => Math.min(1, Math.max(0, value ?? 0));
const names = (items: { Name?: string | undefined }[] | undefined) =>
  (items ?? []).map((item) => item.Name?.trim() ?? "").filter((name) => name !== "");

function toLabel(label: RekognitionLabel): Label | null {
  const candidate = {
    name: label.Name?.trim() ?? "",
    confidence: label.Confidence ?? 0,
    parents: names(label.Parents),
    categories: names(label.Categories),
    // Boxes may reach a hair past the edge; the record keeps ratios within the image.
    instances: (label.Instances ?? []).flatMap((instance) =>
      instance.BoundingBox
        ? [
            {
              boundingBox: {
                width: ratio(instance.BoundingBox.Width),
                height: ratio(instance.BoundingBox.Height),
                left: ratio(instance.BoundingBox.Left),
                top: ratio(instance.BoundingBox.Top),
              },
              confidence: instance.Confidence ?? 0,
            },
          ]
        : [],
    ),
  };
  const parsed = labelSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

function labelKey(name: string): string | null {
  try {
    return normaliseLabel(name);
  } catch {
    return null;
  }
}

/** Rekognition's answer as the record's labels: valid ones, one per normalised name (the surest). */
export function toLabels(output: Pick<DetectLabelsCommandOutput, "Labels">): Label[] {
  const byName = new Map<string, Label>();
  for (const raw of output.Labels ?? []) {
    const label = toLabel(raw);
    if (label === null) continue;
    const key = labelKey(label.name);
    if (key === null) continue;
    const seen = byName.get(key);
    if (seen === undefined || label.confidence > seen.confidence) byName.set(key, label);
  }
  return [...byName.values()].sort((a, b) => b.confidence - a.confidence).slice(0, MAX_LABELS);
}

export function rekognitionLabelDetector(
  // Two attempts: a label call must not eat the time the variants need.
  client: RekognitionClient = awsClient(RekognitionClient, { maxAttempts: 2 }),
): LabelDetector {
  return {
    async detect(source, signal) {
      const image =
        "bytes" in source
          ? { Bytes: source.bytes }
          : { S3Object: { Bucket: source.bucket, Name: source.key } };
      const output = await client.send(
        new DetectLabelsCommand({
          Image: image,
          MaxLabels: DETECT_LABELS_MAX_LABELS,
          MinConfidence: DETECT_LABELS_MIN_CONFIDENCE,
        }),
        { abortSignal: signal },
      );
      return toLabels(output);
    },
  };
}
