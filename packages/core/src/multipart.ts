import type { MultipartBody } from './transport.js';

/**
 * A multipart body as one block of bytes, for HTTP helpers that take bytes but no stream of ours (n8n's, for
 * one). The file is read whole, so streaming transports should prefer `toFormData` from `@musique/core` on Node.
 * The boundary comes from the caller's random source (the core has none of its own): `----musique-<uuid>`.
 */
export async function encodeMultipart(
  multipart: MultipartBody,
  boundary: string,
): Promise<{ body: Uint8Array; contentType: string }> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(multipart.fields)) {
    parts.push(
      encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  const { file } = multipart;
  parts.push(
    encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(file.filename)}"\r\n` +
        `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    ),
  );
  if (file.data) parts.push(file.data);
  else if (file.open) for await (const chunk of file.open()) parts.push(chunk);
  else throw new TypeError(`The upload of ${file.filename} has neither data nor a way to open it.`);
  parts.push(encoder.encode(`\r\n--${boundary}--\r\n`));

  const body = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** As browsers do (WHATWG): a quote or line break in a name would end the header early. */
function quote(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
