import { RpcService } from "../../gateway/service.ts";
import { QueryCodec } from "../../protocol/query.ts";
import { IamProvider } from "./provider.ts";
import { iamSchemas } from "./schemas.ts";

export function createIamService(): RpcService<typeof iamSchemas> {
  return new RpcService({
    name: "iam",
    detection: { signingNames: ["iam"], queryVersions: ["2010-05-08"] },
    codec: new QueryCodec("https://iam.amazonaws.com/doc/2010-05-08/"),
    schemas: iamSchemas,
    provider: new IamProvider(),
  });
}
