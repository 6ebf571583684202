import { lightChecker, CallNextResponse, ServicePointList } from '@entre/protocol';
import type { Http } from '@entre/web-common/http';

const checkPoints = lightChecker(ServicePointList);
const checkCallNext = lightChecker(CallNextResponse);

export interface ConsoleApi {
  servicePoints(): Promise<ServicePointList>;
  callNext(point: string): Promise<CallNextResponse>;
}

export function createConsoleApi(http: Http): ConsoleApi {
  return {
    servicePoints: () => http.get('/service-points', checkPoints),
    callNext: (point) => http.post(`/service-points/${encodeURIComponent(point)}/call-next`, {}, checkCallNext),
  };
}
