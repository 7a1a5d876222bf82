import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import fp from 'fastify-plugin';

// A refusal answered before the body has arrived (a JSON body over 1 MB is refused on its Content-Length) ends
// with `Connection: close`. Closing the socket then, as Node does, leaves the bytes the client is still sending
// unread, and the kernel answers unread bytes with a reset: a client still writing gets EPIPE and may never read
// the answer. So, as nginx does (lingering close): the answer and a FIN go out, what the client still sends is
// read and dropped, and the socket closes once the client has finished, gone quiet, or sent too much.

/** nginx's `lingering_time`: the longest a refused client may go on sending. */
const lingerMs = 30_000;
/** nginx's `lingering_timeout`: a client silent this long has stopped sending. */
const quietMs = 5_000;
/** Past this much (more than any body we would take), stop reading. */
const lingerBytes = 64 * 1024 * 1024;

/**
 * Sends what is queued and a FIN, then reads and drops what the client still sends, within the bounds above.
 * `incoming` is what the bytes arrive through: the request, whose parser owns the socket, or the socket itself.
 */
export function closeLingering(socket: Socket, incoming: Readable = socket): void {
  if (socket.destroyed) return;
  let dropped = 0;
  const close = () => socket.destroy();
  const longest = setTimeout(close, lingerMs).unref();
  const quiet = setTimeout(close, quietMs).unref();
  incoming.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > lingerBytes) close();
    else quiet.refresh();
  });
  socket.once('end', close);
  socket.once('close', () => {
    clearTimeout(longest);
    clearTimeout(quiet);
  });
  socket.end();
  incoming.resume();
}

/**
 * Node closes a `Connection: close` socket through its `destroySoon` once the answer is written; for an answer
 * sent before the request's body was complete, that close lingers instead.
 */
export const lingeringClose = fp(async (app) => {
  app.addHook('onSend', async (request) => {
    const socket = request.raw.socket as (Socket & { destroySoon?: () => void }) | null;
    if (!request.raw.complete && socket) socket.destroySoon = () => closeLingering(socket, request.raw);
  });
});
