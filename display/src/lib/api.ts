import { lightChecker, DisplayBootstrap } from '@entre/protocol';
import type { Http } from '@entre/web-common/http';
import { enrolDevice, type EnrolOutcome } from '@entre/web-common/enrolment';

const checkBootstrap = lightChecker(DisplayBootstrap);

export interface DisplayApi {
  bootstrap(display: string): Promise<DisplayBootstrap>;
  /** Trades an admin's one-time code for this display's secret (an HttpOnly cookie); never throws. */
  enrol(display: string, code: string): Promise<EnrolOutcome>;
}

export function createDisplayApi(http: Http): DisplayApi {
  return {
    bootstrap: (display) => http.get(`/displays/${encodeURIComponent(display)}`, checkBootstrap),
    enrol: (display, code) => enrolDevice(http, code, { kind: 'display', id: display }),
  };
}
