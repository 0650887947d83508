import type { StateStore } from "../../state/store.ts";
import type { FunctionRecord, FunctionUrlConfig } from "./model.ts";
import { LambdaState } from "./state.ts";

/** Where a function URL points: the function and the qualifier its config is stored under. */
export interface UrlTarget {
  accountId: string;
  region: string;
  functionName: string;
  /** The alias the URL invokes; undefined for the unqualified function ($LATEST). */
  qualifier: string | undefined;
  config: FunctionUrlConfig;
}

interface Location {
  accountId: string;
  region: string;
  functionName: string;
  key: string;
}

/** Lambda's per-account, per-region function tables: lambda/<account>/<region>/functions. */
const FUNCTIONS_TABLE = /^lambda\/([^/]+)\/([^/]+)\/functions$/;

/**
 * Finds function URL configs by their id across accounts and regions. The configs live
 * on the function records (settings.ts), so this remembers where each id was last seen
 * and checks the record again on every use; an id it does not know, or no longer finds
 * there, costs one scan of Lambda's function tables.
 */
export class FunctionUrlIndex {
  private readonly store: StateStore;
  private readonly seen = new Map<string, Location>();

  constructor(store: StateStore) {
    this.store = store;
  }

  find(urlId: string): UrlTarget | undefined {
    const known = this.seen.get(urlId);
    const target = known && this.at(known, urlId);
    if (target) return target;
    this.seen.delete(urlId);
    this.rescan();
    const found = this.seen.get(urlId);
    return found && this.at(found, urlId);
  }

  /** The target at `where`, if its function still has a URL config with this id there. */
  private at(where: Location, urlId: string): UrlTarget | undefined {
    const fn = new LambdaState(this.store, where.accountId, where.region).functions.get(where.functionName);
    const config = fn?.urlConfigs[where.key];
    if (config?.urlId !== urlId) return undefined;
    return {
      accountId: where.accountId,
      region: where.region,
      functionName: where.functionName,
      qualifier: where.key === "" ? undefined : where.key,
      config,
    };
  }

  /** Forgets deleted URLs too: only what the tables hold now is remembered. */
  private rescan(): void {
    this.seen.clear();
    for (const name of this.store.tableNames()) {
      const m = FUNCTIONS_TABLE.exec(name);
      if (!m) continue;
      const accountId = m[1]!;
      const region = m[2]!;
      for (const fn of this.store.table<FunctionRecord>(name).values()) {
        for (const [key, config] of Object.entries(fn.urlConfigs)) {
          this.seen.set(config.urlId, { accountId, region, functionName: fn.name, key });
        }
      }
    }
  }
}
