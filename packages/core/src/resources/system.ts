import type { paths } from '../generated/openapi.js';
import type { RequestSender } from '../request.js';
import type { ApiInfo, Health, RateLimits, UsageLogList } from '../types.js';

export type LogFilters = NonNullable<paths['/logs']['get']['parameters']['query']>;

export class SystemResource {
  constructor(private readonly sender: RequestSender) {}

  health(): Promise<Health> {
    return this.sender.request({ method: 'GET', path: '/health' });
  }

  /** The API's version, features and what this key may do. */
  info(): Promise<ApiInfo> {
    return this.sender.request({ method: 'GET', path: '/' });
  }

  limits(): Promise<RateLimits> {
    return this.sender.request({ method: 'GET', path: '/limits' });
  }

  /** Usage logs of this company, newest first. */
  logs(filters: LogFilters = {}): Promise<UsageLogList> {
    return this.sender.request({ method: 'GET', path: '/logs', query: filters });
  }
}
