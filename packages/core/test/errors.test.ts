import { AuthenticationError, errorFromResponse, NotFoundError } from '../src/errors.js';

const body = (error: Record<string, unknown>) => JSON.stringify({ error });

describe("the core's error wording", () => {
  test('drops the API advice written for developers and says the request id once', () => {
    const error = errorFromResponse(
      404,
      { 'x-request-id': 'req_abc' },
      body({
        code: 'not_found',
        message: 'No audio file aud_1 exists for this company. Check the id with GET /audio.',
        requestId: 'req_abc',
      }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.detail).toBe('No audio file aud_1 exists for this company.');
    expect(error.message).not.toMatch(/GET \/audio/);
    expect(error.message.match(/req_abc/g)).toHaveLength(1);
    expect(error.hint).toMatch(/^Check the ID/);
  });

  test('a wrong key gets the advice once, naming no header', () => {
    const error = errorFromResponse(
      401,
      {},
      body({
        code: 'invalid_token',
        message: 'The API key is not valid or has been revoked. Check X-API-Key or generate a new token.',
      }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(
      'The API key is not valid or has been revoked. Check the API key, or ask Musique for a new one if it was revoked or has expired.',
    );
  });

  test('a body without a message still says what happened', () => {
    const error = errorFromResponse(502, {}, '<html>Bad gateway</html>');
    expect(error.detail).toBe('Musique failed to answer (HTTP 502).');
    expect(error.hint).toMatch(/try again shortly/);
  });
});
