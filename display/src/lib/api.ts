import { lightChecker, DisplayBootstrap } from '@entre/protocol';
import type { Http } from '@entre/web-common/http';

const checkBootstrap = lightChecker(DisplayBootstrap);

export interface DisplayApi {
  bootstrap(display: string): Promise<DisplayBootstrap>;
}

export function createDisplayApi(http: Http): DisplayApi {
  return {
    bootstrap: (display) => http.get(`/displays/${encodeURIComponent(display)}`, checkBootstrap),
  };
}
