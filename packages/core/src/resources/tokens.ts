import type { RequestSender } from '../request.js';
import type { GeneratedToken, Permission, RevokedToken, TokenTest } from '../types.js';
import type { PostOptions } from './audio.js';

export class TokensResource {
  constructor(private readonly sender: RequestSender) {}

  /** Whether the key works, for which location, with which permissions. */
  test(): Promise<TokenTest> {
    return this.sender.request({ method: 'POST', path: '/test' });
  }

  /** A new key from the company token Musique gave at onboarding; it is shown once. */
  generate(
    params: { externalId: string; companyToken: string; permissions?: Permission[] },
    options: PostOptions = {},
  ): Promise<GeneratedToken> {
    return this.sender.request({ method: 'POST', path: '/auth', body: params, anonymous: true, ...options });
  }

  /** Revokes the key this client uses, at once. */
  revoke(): Promise<RevokedToken> {
    return this.sender.request({ method: 'DELETE', path: '/auth' });
  }
}
