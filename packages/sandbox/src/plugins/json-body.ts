import fp from 'fastify-plugin';
import { invalidFormat } from '../errors.js';

/**
 * Clients often send Content-Type: application/json on bodiless calls (POST /test, DELETE /auth): an empty
 * body is no body, and the operations that need one say so with missing_field.
 */
export const jsonBody = fp(async (app) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text as string));
    } catch (error) {
      done(
        invalidFormat('body', `The body is not valid JSON: ${(error as Error).message}. Send a JSON object.`),
      );
    }
  });
});
