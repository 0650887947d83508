import { RpcService } from "../../gateway/service.ts";
import { QueryCodec } from "../../protocol/query.ts";
import { iamProvider } from "./provider.ts";
import { type IamSchemas, iamSchemas } from "./schemas.ts";

export function createIamService(): RpcService<IamSchemas> {
  return new RpcService({
    name: "iam",
    detection: { signingNames: ["iam"], queryVersions: ["2010-05-08"] },
    codec: new QueryCodec("https://iam.amazonaws.com/doc/2010-05-08/"),
    schemas: iamSchemas,
    provider: iamProvider,
  });
}
