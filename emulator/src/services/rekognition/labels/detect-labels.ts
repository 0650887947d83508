import { marginConfidence, objectConfidence, probabilityConfidence } from "../confidence.ts";
import { type DominantColor, dominantColors } from "../dominant-colors.ts";
import type { Box, FaceAnalysis, LabelsResult, RegionStats } from "../inference/messages.ts";
import { contextLabels } from "./context-labels.ts";
import type { Taxonomy, TaxonomyLabel } from "./taxonomy.ts";

/** What DetectLabels asks for, as validated. */
export interface LabelsQuery {
  maxLabels?: number | undefined;
  minConfidence: number;
  generalLabels: boolean;
  imageProperties: boolean;
  maxDominantColors: number;
  include?: string[] | undefined;
  exclude?: string[] | undefined;
  includeCategories?: string[] | undefined;
  excludeCategories?: string[] | undefined;
}

interface BoundingBox {
  Width: number;
  Height: number;
  Left: number;
  Top: number;
}

interface Instance {
  BoundingBox: BoundingBox;
  Confidence: number;
  DominantColors: DominantColor[];
}

export interface Label {
  Name: string;
  Confidence: number;
  Instances: Instance[];
  Parents: Array<{ Name: string }>;
  Aliases: Array<{ Name: string }>;
  Categories: Array<{ Name: string }>;
}

export const boundingBox = (box: Box): BoundingBox => ({
  Width: box.width,
  Height: box.height,
  Left: box.left,
  Top: box.top,
});

/** A face at least this share of the picture makes it a portrait. */
const PORTRAIT_AREA = 0.04;
/** Age estimates are loose: only call adults and children well clear of the line. */
const ADULT_AGE = 20;
const CHILD_AGE = 13;

/** Accumulates labels: each keeps its best confidence and its instances; ancestors are added once. */
class LabelSet {
  private readonly found = new Map<
    string,
    { label: TaxonomyLabel; confidence: number; instances: Instance[] }
  >();

  add(label: TaxonomyLabel, confidence: number, instance?: Instance): void {
    const entry = this.found.get(label.name) ?? { label, confidence: 0, instances: [] };
    entry.confidence = Math.max(entry.confidence, confidence);
    if (instance) entry.instances.push(instance);
    this.found.set(label.name, entry);
  }

  addWithAncestors(taxonomy: Taxonomy, label: TaxonomyLabel, confidence: number, instance?: Instance): void {
    this.add(label, confidence, instance);
    for (const ancestor of label.ancestors) this.add(taxonomy.label(ancestor), confidence);
  }

  entries() {
    return [...this.found.values()];
  }
}

/** Face, Head and Portrait, and Adult/Child and Man/Woman where the face models are clear enough. */
function addFaceLabels(taxonomy: Taxonomy, labels: LabelSet, faces: FaceAnalysis[]): void {
  for (const face of faces) {
    const confidence = probabilityConfidence(face.score);
    labels.addWithAncestors(taxonomy, taxonomy.label("Face"), confidence);
    if (face.box.width * face.box.height >= PORTRAIT_AREA) {
      labels.addWithAncestors(taxonomy, taxonomy.label("Portrait"), confidence);
    }
    const age = face.age;
    const stage =
      age === undefined ? undefined : age >= ADULT_AGE ? "adult" : age < CHILD_AGE ? "child" : undefined;
    if (stage)
      labels.addWithAncestors(taxonomy, taxonomy.label(stage === "adult" ? "Adult" : "Child"), confidence);
    if (face.gender) {
      const genderConfidence = Math.min(confidence, marginConfidence(face.gender.score));
      const male = face.gender.value === "male";
      const name =
        stage === "adult"
          ? male
            ? "Man"
            : "Woman"
          : stage === "child"
            ? male
              ? "Boy"
              : "Girl"
            : male
              ? "Male"
              : "Female";
      labels.addWithAncestors(taxonomy, taxonomy.label(name), genderConfidence);
    }
  }
}

function passesFilters(label: TaxonomyLabel, query: LabelsQuery): boolean {
  if (query.include?.length && !query.include.includes(label.name)) return false;
  if (query.exclude?.includes(label.name)) return false;
  if (
    query.includeCategories?.length &&
    !label.categories.some((c) => query.includeCategories!.includes(c))
  ) {
    return false;
  }
  if (query.excludeCategories?.some((c) => label.categories.includes(c))) return false;
  return true;
}

/** Rekognition's Labels from the models' findings: mapped, ranked, filtered and cut to MaxLabels. */
export function buildLabels(taxonomy: Taxonomy, result: LabelsResult, query: LabelsQuery): Label[] {
  const labels = new LabelSet();
  for (const object of result.objects) {
    const label = taxonomy.cocoLabel(object.className);
    if (!label) continue;
    const confidence = objectConfidence(object.score);
    labels.addWithAncestors(taxonomy, label, confidence, {
      BoundingBox: boundingBox(object.box),
      Confidence: confidence,
      DominantColors: query.imageProperties
        ? dominantColors(object.colors ?? [], query.maxDominantColors)
        : [],
    });
  }
  for (const { label, confidence } of contextLabels(taxonomy, result.objects)) {
    labels.addWithAncestors(taxonomy, label, confidence);
  }
  addFaceLabels(taxonomy, labels, result.faces);
  const ranked = labels
    .entries()
    .filter((e) => e.confidence >= query.minConfidence && passesFilters(e.label, query))
    // Most confident first; between equals, the label with boxes (the thing itself) before its ancestors.
    .sort(
      (a, b) =>
        b.confidence - a.confidence ||
        b.instances.length - a.instances.length ||
        a.label.name.localeCompare(b.label.name),
    )
    .map(
      (e): Label => ({
        Name: e.label.name,
        Confidence: e.confidence,
        Instances: e.instances
          .filter((i) => i.Confidence >= query.minConfidence)
          .sort((a, b) => b.Confidence - a.Confidence),
        Parents: e.label.ancestors.map((Name) => ({ Name })),
        Aliases: e.label.aliases.map((Name) => ({ Name })),
        Categories: e.label.categories.map((Name) => ({ Name })),
      }),
    );
  return query.maxLabels === undefined ? ranked : ranked.slice(0, query.maxLabels);
}

interface RegionProperties {
  Quality: { Brightness: number; Sharpness: number; Contrast: number };
  DominantColors: DominantColor[];
}

function regionProperties(stats: RegionStats, maxColors: number): RegionProperties {
  return {
    Quality: {
      Brightness: stats.quality.brightness,
      Sharpness: stats.quality.sharpness,
      Contrast: stats.quality.contrast,
    },
    DominantColors: dominantColors(stats.colors, maxColors),
  };
}

/**
 * ImageProperties: the whole image's quality and colours, and the foreground's and background's.
 * The foreground is what the object detector boxed; with nothing boxed both are left out.
 */
export function buildImageProperties(result: LabelsResult, maxColors: number) {
  const properties = result.properties;
  if (!properties) return undefined;
  const whole = regionProperties(properties.whole, maxColors);
  return {
    Quality: whole.Quality,
    DominantColors: whole.DominantColors,
    ...(properties.foreground ? { Foreground: regionProperties(properties.foreground, maxColors) } : {}),
    ...(properties.background ? { Background: regionProperties(properties.background, maxColors) } : {}),
  };
}
