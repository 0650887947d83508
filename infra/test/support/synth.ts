import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { HANDLER, RUNTIME } from "../../../lambdas/build/lambda-functions.ts";
import type { BuildManifest } from "../../../lambdas/build/manifest.ts";
import type { LambdaArchitecture } from "../../../lambdas/build/target-arch.ts";
import { DarkroomStack, stackName } from "../../../main.ts";
import { loadInfraConfig } from "../../config.ts";
import type { Target } from "../../targets.ts";

/** A Terraform block as synthesized: plain JSON. */
export type Block = Record<string, unknown>;

export interface TerraformJson {
  terraform: { backend?: Record<string, Block>; required_providers: Record<string, Block> };
  provider: { aws: Block[] };
  resource: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
  output: Record<string, { value: string }>;
}

export interface SynthOptions {
  /** DARKROOM_* settings; everything else takes its default. */
  env?: Record<string, string>;
  monitoring?: boolean;
}

export interface Synthesized {
  json: TerraformJson;
  stack: DarkroomStack;
  /** Where Terraform would run for this stack. */
  stackDir: string;
  distDir: string;
}

const fixtureDists = new Map<LambdaArchitecture, string>();

/**
 * A stand-in for lambdas/dist: small zips and a manifest in the build's format, so synth
 * needs no real build. The files' hashes are real, so `source_code_hash` can be checked.
 */
export function fixtureDist(architecture: LambdaArchitecture): string {
  const existing = fixtureDists.get(architecture);
  if (existing) return existing;
  const dir = join(mkdtempSync(join(tmpdir(), "darkroom-infra-dist-")), architecture);
  mkdirSync(dir, { recursive: true });
  const manifest: BuildManifest = {};
  for (const name of ["processor", "api"]) {
    const zip = Buffer.from(`fixture ${name} zip for ${architecture}`);
    writeFileSync(join(dir, `${name}.zip`), zip);
    manifest[name] = {
      file: `${name}.zip`,
      sha256: createHash("sha256").update(zip).digest("base64"),
      size: zip.length,
      architecture,
      runtime: RUNTIME,
      handler: HANDLER,
      nativePackages: {},
    };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  fixtureDists.set(architecture, dir);
  return dir;
}

export function architectureOf(target: Target): LambdaArchitecture {
  return target === "aws" ? "arm64" : "x86_64";
}

/** The target's stack as `npm run synth` would write it, from fixture zips, parsed. */
export function synthTarget(target: Target, options: SynthOptions = {}): Synthesized {
  const app = Testing.app();
  const distDir = fixtureDist(architectureOf(target));
  const stack = new DarkroomStack(app, stackName(target), {
    target,
    config: loadInfraConfig(options.env ?? {}),
    lambdaDistDir: distDir,
    ...(options.monitoring === undefined ? {} : { monitoring: options.monitoring }),
  });
  const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
  return { json, stack, stackDir: join(app.outdir, "stacks", stackName(target)), distDir };
}

/** The resources of one type, by their Terraform name. */
export function resources(json: TerraformJson, type: string): [string, Block][] {
  return Object.entries(json.resource[type] ?? {});
}

/** The one resource of `type` whose `key` is `value` (e.g. a bucket by its name). */
export function resourceWhere(
  json: TerraformJson,
  type: string,
  key: string,
  value: unknown,
): [string, Block] {
  const found = resources(json, type).filter(([, body]) => body[key] === value);
  if (found.length !== 1) throw new Error(`${found.length} ${type} with ${key} = ${String(value)}`);
  return found[0]!;
}

/** `${type.name.attribute}`, as a reference to that resource appears in the JSON. */
export function ref(type: string, name: string, attribute: string): string {
  return `\${${type}.${name}.${attribute}}`;
}

/**
 * `value` with each `${type.name.attr}` replaced by that resource's literal attribute, as
 * Terraform would once the resource exists; for attributes the config sets (names).
 */
export function resolveRefs(json: TerraformJson, value: string): string {
  return value.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g, (whole, type, name, attribute) => {
    const literal = json.resource[type]?.[name]?.[attribute];
    if (typeof literal !== "string") throw new Error(`${whole} has no literal value in the config`);
    return literal;
  });
}

/** Narrows a parsed JSON value that a test expects to be an object. */
export function block(value: unknown): Block {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  }
  return value as Block;
}

/** A nested block list's first entry (Terraform JSON writes blocks as arrays or objects). */
export function first(value: unknown): Block {
  return block(Array.isArray(value) ? value[0] : value);
}
