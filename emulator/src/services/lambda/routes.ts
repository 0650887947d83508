import type { RestJsonRoute } from "../../protocol/rest-json.ts";

/** Lambda's HTTP bindings, from the @http traits of the Smithy model (API 2015-03-31 and later). */

const F = "/2015-03-31/functions";
const qualifierQuery = { Qualifier: "Qualifier" };
const paging = { Marker: "Marker", MaxItems: "MaxItems" };

export const lambdaRoutes: RestJsonRoute[] = [
  { operation: "CreateFunction", method: "POST", path: F, status: 201 },
  {
    operation: "ListFunctions",
    method: "GET",
    path: F,
    query: { ...paging, FunctionVersion: "FunctionVersion", MasterRegion: "MasterRegion" },
  },
  { operation: "GetFunction", method: "GET", path: `${F}/{FunctionName}`, query: qualifierQuery },
  {
    operation: "DeleteFunction",
    method: "DELETE",
    path: `${F}/{FunctionName}`,
    query: qualifierQuery,
    status: 204,
  },
  {
    operation: "GetFunctionConfiguration",
    method: "GET",
    path: `${F}/{FunctionName}/configuration`,
    query: qualifierQuery,
  },
  { operation: "UpdateFunctionConfiguration", method: "PUT", path: `${F}/{FunctionName}/configuration` },
  { operation: "UpdateFunctionCode", method: "PUT", path: `${F}/{FunctionName}/code` },
  {
    operation: "Invoke",
    method: "POST",
    path: `${F}/{FunctionName}/invocations`,
    query: qualifierQuery,
    headers: {
      "x-amz-invocation-type": "InvocationType",
      "x-amz-log-type": "LogType",
      "x-amz-client-context": "ClientContext",
    },
    payload: "Payload",
    responseStatus: "StatusCode",
    responseHeaders: {
      FunctionError: "x-amz-function-error",
      LogResult: "x-amz-log-result",
      ExecutedVersion: "x-amz-executed-version",
    },
    responsePayload: "Payload",
  },
  { operation: "PublishVersion", method: "POST", path: `${F}/{FunctionName}/versions`, status: 201 },
  { operation: "ListVersionsByFunction", method: "GET", path: `${F}/{FunctionName}/versions`, query: paging },
  { operation: "CreateAlias", method: "POST", path: `${F}/{FunctionName}/aliases`, status: 201 },
  {
    operation: "ListAliases",
    method: "GET",
    path: `${F}/{FunctionName}/aliases`,
    query: { ...paging, FunctionVersion: "FunctionVersion" },
  },
  { operation: "GetAlias", method: "GET", path: `${F}/{FunctionName}/aliases/{Name}` },
  { operation: "UpdateAlias", method: "PUT", path: `${F}/{FunctionName}/aliases/{Name}` },
  { operation: "DeleteAlias", method: "DELETE", path: `${F}/{FunctionName}/aliases/{Name}`, status: 204 },
  {
    operation: "AddPermission",
    method: "POST",
    path: `${F}/{FunctionName}/policy`,
    query: qualifierQuery,
    status: 201,
  },
  { operation: "GetPolicy", method: "GET", path: `${F}/{FunctionName}/policy`, query: qualifierQuery },
  {
    operation: "RemovePermission",
    method: "DELETE",
    path: `${F}/{FunctionName}/policy/{StatementId}`,
    query: { ...qualifierQuery, RevisionId: "RevisionId" },
    status: 204,
  },
  {
    operation: "PutFunctionConcurrency",
    method: "PUT",
    path: "/2017-10-31/functions/{FunctionName}/concurrency",
  },
  {
    operation: "GetFunctionConcurrency",
    method: "GET",
    path: "/2019-09-30/functions/{FunctionName}/concurrency",
  },
  {
    operation: "DeleteFunctionConcurrency",
    method: "DELETE",
    path: "/2017-10-31/functions/{FunctionName}/concurrency",
    status: 204,
  },
  {
    operation: "ListFunctionEventInvokeConfigs",
    method: "GET",
    path: "/2019-09-25/functions/{FunctionName}/event-invoke-config/list",
    query: paging,
  },
  {
    operation: "PutFunctionEventInvokeConfig",
    method: "PUT",
    path: "/2019-09-25/functions/{FunctionName}/event-invoke-config",
    query: qualifierQuery,
  },
  {
    operation: "UpdateFunctionEventInvokeConfig",
    method: "POST",
    path: "/2019-09-25/functions/{FunctionName}/event-invoke-config",
    query: qualifierQuery,
  },
  {
    operation: "GetFunctionEventInvokeConfig",
    method: "GET",
    path: "/2019-09-25/functions/{FunctionName}/event-invoke-config",
    query: qualifierQuery,
  },
  {
    operation: "DeleteFunctionEventInvokeConfig",
    method: "DELETE",
    path: "/2019-09-25/functions/{FunctionName}/event-invoke-config",
    query: qualifierQuery,
    status: 204,
  },
  {
    operation: "CreateFunctionUrlConfig",
    method: "POST",
    path: "/2021-10-31/functions/{FunctionName}/url",
    query: qualifierQuery,
    status: 201,
  },
  {
    operation: "GetFunctionUrlConfig",
    method: "GET",
    path: "/2021-10-31/functions/{FunctionName}/url",
    query: qualifierQuery,
  },
  {
    operation: "UpdateFunctionUrlConfig",
    method: "PUT",
    path: "/2021-10-31/functions/{FunctionName}/url",
    query: qualifierQuery,
  },
  {
    operation: "DeleteFunctionUrlConfig",
    method: "DELETE",
    path: "/2021-10-31/functions/{FunctionName}/url",
    query: qualifierQuery,
    status: 204,
  },
  {
    operation: "ListFunctionUrlConfigs",
    method: "GET",
    path: "/2021-10-31/functions/{FunctionName}/urls",
    query: paging,
  },
  {
    operation: "GetFunctionCodeSigningConfig",
    method: "GET",
    path: "/2020-06-30/functions/{FunctionName}/code-signing-config",
  },
  { operation: "TagResource", method: "POST", path: "/2017-03-31/tags/{Resource}", status: 204 },
  {
    operation: "UntagResource",
    method: "DELETE",
    path: "/2017-03-31/tags/{Resource}",
    query: { tagKeys: "TagKeys" },
    status: 204,
  },
  { operation: "ListTags", method: "GET", path: "/2017-03-31/tags/{Resource}" },
  { operation: "GetAccountSettings", method: "GET", path: "/2016-08-19/account-settings" },
];
