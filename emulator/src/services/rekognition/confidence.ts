/**
 * Model scores to Rekognition confidences (0-100).
 *
 * The object detector scores a clear cat at about 0.45 and treats 0.2 as its cut-off, while
 * Rekognition reports clear objects above 90 and cuts at 55 by default. The curve
 * 1 - (1 - s)^4 is monotonic and lines the two up: 0.2 → 59, 0.3 → 76, 0.45 → 91, 0.6 → 97.
 */
export function objectConfidence(score: number): number {
  return 100 * (1 - (1 - Math.min(1, Math.max(0, score))) ** 4);
}

/** Probabilities (softmax outputs, the face detector's score) are already calibrated: scale them. */
export function probabilityConfidence(probability: number): number {
  return 100 * Math.min(1, Math.max(0, probability));
}

/**
 * A binary classifier's margin (0 at a coin toss, 1 when certain, as Human reports gender)
 * as the confidence of the class it chose: 50 to 100.
 */
export function marginConfidence(margin: number): number {
  return 50 + 50 * Math.min(1, Math.max(0, margin));
}
