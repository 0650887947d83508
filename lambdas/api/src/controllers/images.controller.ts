import { parseImageId } from "../dto/image-id.dto.ts";
import { parseListImages } from "../dto/list-images.dto.ts";
import { type ApiResponse, json } from "../http/responses.ts";
import type { RouteContext } from "../router.ts";
import type { DetailService } from "../services/detail.service.ts";
import type { ListingService } from "../services/listing.service.ts";

export interface ImagesController {
  list(context: RouteContext): Promise<ApiResponse>;
  get(context: RouteContext): Promise<ApiResponse>;
}

export function imagesController(listing: ListingService, detail: DetailService): ImagesController {
  return {
    /** GET /images?limit=&cursor=&status=&label= */
    async list({ request }) {
      return json(200, await listing.list(parseListImages(request.query)));
    },
    /** GET /images/{id} */
    async get({ params }) {
      return json(200, await detail.get(parseImageId(params.id)));
    },
  };
}
