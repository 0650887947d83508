import { RpcService } from "../../gateway/service.ts";
import { RestJsonCodec } from "../../protocol/rest-json.ts";
import { LambdaProvider } from "./provider.ts";
import { lambdaRoutes } from "./routes.ts";
import { lambdaSchemas } from "./schemas.ts";

/** Lambda (rest-json): the control plane; functions run in worker processes (see runtime/). */
export function createLambdaService(): RpcService<typeof lambdaSchemas> {
  return new RpcService({
    name: "lambda",
    detection: {
      signingNames: ["lambda"],
      pathPrefixes: [
        "/2015-03-31/",
        "/2016-08-19/",
        "/2017-03-31/",
        "/2017-10-31/",
        "/2019-09-25/",
        "/2019-09-30/",
        "/2020-06-30/",
        "/2021-10-31/",
      ],
    },
    codec: new RestJsonCodec(lambdaRoutes),
    schemas: lambdaSchemas,
    provider: new LambdaProvider(),
    validationCode: "ValidationException",
  });
}
