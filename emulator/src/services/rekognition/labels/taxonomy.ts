import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * Rekognition's label vocabulary as far as the local models reach, and which label each model
 * class stands for. The table lives in taxonomy.json; this checks it on load.
 */
const labelEntry = z.object({
  /** Direct parents; answers carry every ancestor. */
  parents: z.array(z.string()),
  aliases: z.array(z.string()),
  categories: z.array(z.string()).min(1),
});

const taxonomyFile = z
  .object({
    labelModelVersion: z.string(),
    labels: z.record(z.string(), labelEntry),
    models: z.object({
      coco: z.record(z.string(), z.string()),
      /**
       * Scene and place labels a detected COCO object implies, each with the share of the
       * detection's confidence it inherits: a bed is evidence of a bedroom, a zebra of the outdoors.
       */
      cocoContexts: z.record(z.string(), z.record(z.string(), z.number().gt(0).max(1))),
    }),
  })
  .superRefine((file, ctx) => {
    const known = (name: string) => Object.hasOwn(file.labels, name);
    for (const [name, entry] of Object.entries(file.labels)) {
      for (const parent of entry.parents) {
        if (!known(parent))
          ctx.addIssue({ code: "custom", message: `${name}'s parent ${parent} is not a label` });
      }
    }
    for (const [cls, name] of Object.entries(file.models.coco)) {
      if (!known(name))
        ctx.addIssue({ code: "custom", message: `COCO class ${cls} maps to unknown label ${name}` });
    }
    for (const [cls, contexts] of Object.entries(file.models.cocoContexts)) {
      if (!Object.hasOwn(file.models.coco, cls))
        ctx.addIssue({ code: "custom", message: `context class ${cls} is not a COCO class` });
      for (const name of Object.keys(contexts)) {
        if (!known(name))
          ctx.addIssue({ code: "custom", message: `COCO class ${cls} implies unknown label ${name}` });
      }
    }
  });

export interface TaxonomyLabel {
  name: string;
  /** Every ancestor, nearest first. */
  ancestors: string[];
  aliases: string[];
  categories: string[];
}

/** A scene or place label an object implies, and the share of the object's confidence it inherits. */
export interface ContextLabel {
  label: TaxonomyLabel;
  weight: number;
}

export class Taxonomy {
  readonly labelModelVersion: string;
  private readonly labels = new Map<string, TaxonomyLabel>();
  private readonly coco: Record<string, string>;
  private readonly contexts: Record<string, Record<string, number>>;

  constructor(raw: unknown) {
    const file = taxonomyFile.parse(raw);
    this.labelModelVersion = file.labelModelVersion;
    this.coco = file.models.coco;
    this.contexts = file.models.cocoContexts;
    for (const [name, entry] of Object.entries(file.labels)) {
      this.labels.set(name, {
        name,
        ancestors: ancestorsOf(name, file.labels),
        aliases: entry.aliases,
        categories: entry.categories,
      });
    }
  }

  /** The label a name stands for; throws for names outside the table (a bug, not an input error). */
  label(name: string): TaxonomyLabel {
    const label = this.labels.get(name);
    if (!label) throw new Error(`${name} is not in the Rekognition label table`);
    return label;
  }

  /** The label for a COCO class name, e.g. "cell phone" → Mobile Phone. */
  cocoLabel(className: string): TaxonomyLabel | undefined {
    const name = this.coco[className];
    return name === undefined ? undefined : this.label(name);
  }

  /** The scenes and places a COCO class implies, e.g. "bed" → Bedroom (0.9). */
  cocoContexts(className: string): ContextLabel[] {
    const contexts = Object.hasOwn(this.contexts, className) ? this.contexts[className]! : {};
    return Object.entries(contexts).map(([name, weight]) => ({ label: this.label(name), weight }));
  }

  names(): string[] {
    return [...this.labels.keys()];
  }

  cocoClasses(): string[] {
    return Object.keys(this.coco);
  }
}

/** Breadth-first, so nearer ancestors come first; a cycle in the table cannot loop. */
function ancestorsOf(name: string, labels: Record<string, z.infer<typeof labelEntry>>): string[] {
  const seen = new Set<string>();
  const queue = [...(labels[name]?.parents ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.has(next) || next === name) continue;
    seen.add(next);
    queue.push(...(labels[next]?.parents ?? []));
  }
  return [...seen];
}

let loaded: Taxonomy | undefined;

/** The table shipped with the emulator, read once. */
export function taxonomy(): Taxonomy {
  loaded ??= new Taxonomy(JSON.parse(readFileSync(new URL("./taxonomy.json", import.meta.url), "utf8")));
  return loaded;
}
