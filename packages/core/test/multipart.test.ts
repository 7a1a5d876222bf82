import { encodeMultipart } from '../src/node.js';

test('an encoded multipart body is what a multipart parser reads back', async () => {
  const data = new TextEncoder().encode('ID3 not really audio');
  const { body, contentType } = await encodeMultipart(
    {
      kind: 'multipart',
      fields: { name: 'Summer "Sale"', category: 'promotion' },
      file: { filename: 'promo.mp3', contentType: 'audio/mpeg', data },
    },
    '----musique-test-boundary',
  );
  expect(contentType).toBe('multipart/form-data; boundary=----musique-test-boundary');
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  expect(form.get('name')).toBe('Summer "Sale"');
  expect(form.get('category')).toBe('promotion');
  const file = form.get('file') as File;
  expect(file.name).toBe('promo.mp3');
  expect(new Uint8Array(await file.arrayBuffer())).toEqual(data);
});
