/** Opaque keyset cursors: the position after which the next page starts. */
export const encodeCursor = (position: number) => Buffer.from(`p:${position}`).toString('base64url');

export function decodeCursor(cursor: string): number | null {
  const match = /^p:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : null;
}
