import { formatInZone, needsConfirmation, operations, timeToPlay, ValidationError } from '../src/index.js';

test('a send to several stores and every deletion are confirmed; one store and reads are not', () => {
  expect(needsConfirmation(operations.sendAudio, { stores: 2 })).toBe(true);
  expect(needsConfirmation(operations.sendAudio, { stores: 1 })).toBe(false);
  expect(needsConfirmation(operations.deleteAudio)).toBe(true);
  expect(needsConfirmation(operations.listAudio, { stores: 5 })).toBe(false);
});

test("a past time is refused with both times on the person's wall clock", () => {
  const now = new Date('2026-12-02T00:40:00Z');
  const past = new Date('2025-12-02T08:00:00Z');
  expect(() => timeToPlay(past, { now, timeZone: 'Europe/Paris' })).toThrow(ValidationError);
  expect(() => timeToPlay(past, { now, timeZone: 'Europe/Paris' })).toThrow(
    'Tue, 2 Dec 2025, 09:00 (Europe/Paris) has already passed: it is now Wed, 2 Dec 2026, 01:40 (Europe/Paris).',
  );
  expect(timeToPlay(new Date('2026-12-02T09:00:00Z'), { now })).toMatchObject({ kind: 'scheduled' });
  expect(timeToPlay(new Date('2026-12-02T00:38:00Z'), { now })).toMatchObject({
    kind: 'late',
    minutesLate: 2,
  });
  expect(formatInZone(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(
    'Wed, 1 Jul 2026, 08:00 (America/New_York)',
  );
});
