import type { RequestSender } from '../request.js';
import type { Location, PlayerState } from '../types.js';

/** What only the local sandbox answers: the company's stores and what their players hold. */
export class SandboxResource {
  constructor(private readonly sender: RequestSender) {}

  locations(): Promise<{ data: Location[] }> {
    return this.sender.request({ method: 'GET', path: '/sandbox/locations' });
  }

  player(externalId: string): Promise<PlayerState> {
    return this.sender.request({
      method: 'GET',
      path: `/sandbox/locations/${encodeURIComponent(externalId)}/player`,
    });
  }
}
