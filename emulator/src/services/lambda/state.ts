import type { RequestContext } from "../../gateway/context.ts";
import type { StateStore } from "../../state/store.ts";
import type { Table } from "../../state/table.ts";
import { lambdaErrors } from "./errors.ts";
import { functionArn } from "./identifiers.ts";
import type { AliasRecord, FunctionRecord, VersionConfig } from "./model.ts";

/** Lambda's tables for one account and region. Versions and aliases are keyed "<function>\n<name>". */
export class LambdaState {
  readonly accountId: string;
  readonly region: string;
  readonly store: StateStore;
  readonly functions: Table<FunctionRecord>;
  readonly versions: Table<VersionConfig>;
  readonly aliases: Table<AliasRecord>;

  constructor(store: StateStore, accountId: string, region: string) {
    this.store = store;
    this.accountId = accountId;
    this.region = region;
    const prefix = `lambda/${accountId}/${region}`;
    this.functions = store.table<FunctionRecord>(`${prefix}/functions`);
    this.versions = store.table<VersionConfig>(`${prefix}/versions`);
    this.aliases = store.table<AliasRecord>(`${prefix}/aliases`);
  }

  static of(ctx: RequestContext): LambdaState {
    return new LambdaState(ctx.runtime.store, ctx.accountId, ctx.region);
  }

  static childKey(functionName: string, name: string): string {
    return `${functionName}\n${name}`;
  }

  arn(name: string, qualifier?: string): string {
    return functionArn(this.region, this.accountId, name, qualifier);
  }

  /** The function, or ResourceNotFoundException naming its ARN. */
  fn(name: string): FunctionRecord {
    const record = this.functions.get(name);
    if (!record) throw lambdaErrors.functionNotFound(this.arn(name));
    return record;
  }

  alias(functionName: string, alias: string): AliasRecord | undefined {
    return this.aliases.get(LambdaState.childKey(functionName, alias));
  }

  /** Published versions of a function, oldest first. */
  publishedVersions(functionName: string): VersionConfig[] {
    const out: VersionConfig[] = [];
    for (const [key, v] of this.versions.entries()) {
      if (key.startsWith(`${functionName}\n`)) out.push(v);
    }
    return out.sort((a, b) => Number(a.version) - Number(b.version));
  }

  aliasesOf(functionName: string): AliasRecord[] {
    const out: AliasRecord[] = [];
    for (const [key, a] of this.aliases.entries()) {
      if (key.startsWith(`${functionName}\n`)) out.push(a);
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The configuration a qualifier names: $LATEST (or none), a version number, or an
   * alias (resolved to its version). Unknown qualifiers are ResourceNotFoundException.
   */
  resolve(
    name: string,
    qualifier?: string,
  ): { fn: FunctionRecord; config: VersionConfig; alias?: AliasRecord } {
    const fn = this.fn(name);
    if (qualifier === undefined || qualifier === "$LATEST") return { fn, config: fn.latest };
    if (/^\d+$/.test(qualifier)) {
      const config = this.versions.get(LambdaState.childKey(name, qualifier));
      if (!config) throw lambdaErrors.functionNotFound(this.arn(name, qualifier));
      return { fn, config };
    }
    const alias = this.alias(name, qualifier);
    if (!alias) throw lambdaErrors.functionNotFound(this.arn(name, qualifier));
    const resolved = this.resolve(name, alias.functionVersion);
    return { ...resolved, alias };
  }

  /** Frees a code blob once no configuration of any function uses it any more. */
  releaseCode(blobId: string): void {
    for (const f of this.functions.values()) if (f.latest.codeBlobId === blobId) return;
    for (const v of this.versions.values()) if (v.codeBlobId === blobId) return;
    this.store.freeBlob(blobId);
  }
}
