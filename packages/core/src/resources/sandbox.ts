import { MusiqueError } from '../errors.js';
import { DEFAULT_BASE_URL, type RequestSender } from '../request.js';
import type { Location, PlayerState } from '../types.js';

const PRODUCTION_ORIGIN = new URL(DEFAULT_BASE_URL).origin;

/**
 * What only the local sandbox answers: the company's stores and what their players hold. Ask only where
 * `isSandbox()` says so; elsewhere these paths do not exist.
 */
export class SandboxResource {
  constructor(private readonly sender: RequestSender) {}

  /**
   * Whether the base URL is known to be a sandbox: never the documented production base (no request is made);
   * elsewhere, a server that says so on its responses (`X-Musique-Sandbox: true`), read from the last response
   * or, before any, from a `GET /health`.
   */
  async isSandbox(): Promise<boolean> {
    if (new URL(this.sender.baseUrl).origin === PRODUCTION_ORIGIN) return false;
    if (this.sender.servedBySandbox === undefined) {
      await this.sender.request({ method: 'GET', path: '/health' }).catch((error: unknown) => {
        // Any answer, a 503 or a 401 too, carries the header; what went wrong shows on the next request.
        if (!(error instanceof MusiqueError)) throw error;
      });
    }
    return this.sender.servedBySandbox === true;
  }

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
