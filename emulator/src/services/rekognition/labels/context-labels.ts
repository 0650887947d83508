import { objectConfidence } from "../confidence.ts";
import type { ObjectDetection } from "../inference/messages.ts";
import type { Taxonomy, TaxonomyLabel } from "./taxonomy.ts";

/**
 * Scene and place labels (Indoors, Kitchen, Outdoors, Street, Snow...) from the objects the
 * detector found, as image-level labels without instances. No classifier for scenes ships in an
 * npm package, so these are what the detections imply, with confidences below their evidence.
 *
 * Each class counts once, by its most confident detection, times the table's weight; evidence
 * from different classes combines as independent (noisy-or): an oven and a refrigerator make a
 * kitchen surer than either alone.
 */
export function contextLabels(
  taxonomy: Taxonomy,
  objects: ObjectDetection[],
): Array<{ label: TaxonomyLabel; confidence: number }> {
  const bestPerClass = new Map<string, number>();
  for (const object of objects) {
    const confidence = objectConfidence(object.score) / 100;
    bestPerClass.set(object.className, Math.max(bestPerClass.get(object.className) ?? 0, confidence));
  }
  const doubt = new Map<string, { label: TaxonomyLabel; notContext: number }>();
  for (const [className, confidence] of bestPerClass) {
    for (const { label, weight } of taxonomy.cocoContexts(className)) {
      const entry = doubt.get(label.name) ?? { label, notContext: 1 };
      entry.notContext *= 1 - confidence * weight;
      doubt.set(label.name, entry);
    }
  }
  return [...doubt.values()].map(({ label, notContext }) => ({ label, confidence: 100 * (1 - notContext) }));
}
