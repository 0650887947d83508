import type { RequestContext } from "../../gateway/context.ts";
import { notImplemented } from "../../protocol/aws-error.ts";
import type { Provider } from "../../protocol/provider.ts";
import type { AsyncInvocationQueue } from "./async-queue.ts";
import * as functions from "./functions.ts";
import { parseFunctionRef } from "./identifiers.ts";
import type { Executor } from "./invocation.ts";
import { invoke } from "./invoke.ts";
import * as permissions from "./permissions.ts";
import type { LambdaInput, lambdaSchemas } from "./schemas.ts";
import * as settings from "./settings.ts";
import { LambdaState } from "./state.ts";
import * as versions from "./versions.ts";

type In<K extends keyof typeof lambdaSchemas> = LambdaInput<K>;

/** Lambda's control plane: one method per operation, each delegating to the module that owns it. */
export class LambdaProvider implements Provider<typeof lambdaSchemas> {
  private readonly runner: { executor: Executor; queue: AsyncInvocationQueue } | undefined;

  /** Without a runner (no execution runtime), Invoke answers that it is not implemented. */
  constructor(runner?: { executor: Executor; queue: AsyncInvocationQueue }) {
    this.runner = runner;
  }

  Invoke = (i: In<"Invoke">, c: RequestContext) => {
    if (!this.runner) throw notImplemented("lambda", "Invoke");
    return invoke(i, c, this.runner.executor, this.runner.queue);
  };
  CreateFunction = (i: In<"CreateFunction">, c: RequestContext) => functions.createFunction(i, c);
  GetFunction = (i: In<"GetFunction">, c: RequestContext) => functions.getFunction(i, c);
  GetFunctionConfiguration = (i: In<"GetFunctionConfiguration">, c: RequestContext) =>
    functions.getFunctionConfiguration(i, c);
  ListFunctions = (i: In<"ListFunctions">, c: RequestContext) => functions.listFunctions(i, c);
  UpdateFunctionConfiguration = (i: In<"UpdateFunctionConfiguration">, c: RequestContext) =>
    functions.updateFunctionConfiguration(i, c);
  UpdateFunctionCode = (i: In<"UpdateFunctionCode">, c: RequestContext) => functions.updateFunctionCode(i, c);
  DeleteFunction = (i: In<"DeleteFunction">, c: RequestContext) => {
    const out = functions.deleteFunction(i, c);
    // Warm environments of a deleted function must not serve its next namesake.
    const ref = parseFunctionRef(i.FunctionName, i.Qualifier);
    void this.runner?.executor.retire(LambdaState.of(c).arn(ref.name), ref.qualifier);
    return out;
  };
  PublishVersion = (i: In<"PublishVersion">, c: RequestContext) => versions.publish(i, c);
  ListVersionsByFunction = (i: In<"ListVersionsByFunction">, c: RequestContext) =>
    versions.listVersions(i, c);
  CreateAlias = (i: In<"CreateAlias">, c: RequestContext) => versions.createAlias(i, c);
  GetAlias = (i: In<"GetAlias">, c: RequestContext) => versions.getAlias(i, c);
  UpdateAlias = (i: In<"UpdateAlias">, c: RequestContext) => versions.updateAlias(i, c);
  DeleteAlias = (i: In<"DeleteAlias">, c: RequestContext) => versions.deleteAlias(i, c);
  ListAliases = (i: In<"ListAliases">, c: RequestContext) => versions.listAliases(i, c);
  AddPermission = (i: In<"AddPermission">, c: RequestContext) => permissions.addPermission(i, c);
  RemovePermission = (i: In<"RemovePermission">, c: RequestContext) => permissions.removePermission(i, c);
  GetPolicy = (i: In<"GetPolicy">, c: RequestContext) => permissions.getPolicy(i, c);
  PutFunctionConcurrency = (i: In<"PutFunctionConcurrency">, c: RequestContext) =>
    settings.putConcurrency(i, c);
  GetFunctionConcurrency = (i: In<"GetFunctionConcurrency">, c: RequestContext) =>
    settings.getConcurrency(i, c);
  DeleteFunctionConcurrency = (i: In<"DeleteFunctionConcurrency">, c: RequestContext) =>
    settings.deleteConcurrency(i, c);
  PutFunctionEventInvokeConfig = (i: In<"PutFunctionEventInvokeConfig">, c: RequestContext) =>
    settings.putEventInvokeConfig(i, c);
  UpdateFunctionEventInvokeConfig = (i: In<"UpdateFunctionEventInvokeConfig">, c: RequestContext) =>
    settings.updateEventInvokeConfig(i, c);
  GetFunctionEventInvokeConfig = (i: In<"GetFunctionEventInvokeConfig">, c: RequestContext) =>
    settings.getEventInvokeConfig(i, c);
  DeleteFunctionEventInvokeConfig = (i: In<"DeleteFunctionEventInvokeConfig">, c: RequestContext) =>
    settings.deleteEventInvokeConfig(i, c);
  ListFunctionEventInvokeConfigs = (i: In<"ListFunctionEventInvokeConfigs">, c: RequestContext) =>
    settings.listEventInvokeConfigs(i, c);
  CreateFunctionUrlConfig = (i: In<"CreateFunctionUrlConfig">, c: RequestContext) =>
    settings.createUrlConfig(i, c);
  GetFunctionUrlConfig = (i: In<"GetFunctionUrlConfig">, c: RequestContext) => settings.getUrlConfig(i, c);
  UpdateFunctionUrlConfig = (i: In<"UpdateFunctionUrlConfig">, c: RequestContext) =>
    settings.updateUrlConfig(i, c);
  DeleteFunctionUrlConfig = (i: In<"DeleteFunctionUrlConfig">, c: RequestContext) =>
    settings.deleteUrlConfig(i, c);
  ListFunctionUrlConfigs = (i: In<"ListFunctionUrlConfigs">, c: RequestContext) =>
    settings.listUrlConfigs(i, c);
  GetFunctionCodeSigningConfig = (i: In<"GetFunctionCodeSigningConfig">, c: RequestContext) =>
    settings.codeSigningConfig(i, c);
  TagResource = (i: In<"TagResource">, c: RequestContext) => settings.tagResource(i, c);
  UntagResource = (i: In<"UntagResource">, c: RequestContext) => settings.untagResource(i, c);
  ListTags = (i: In<"ListTags">, c: RequestContext) => settings.listTags(i, c);
  GetAccountSettings = (i: In<"GetAccountSettings">, c: RequestContext) => settings.accountSettings(i, c);
}
