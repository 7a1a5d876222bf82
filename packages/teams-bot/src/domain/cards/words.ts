import { formatDuration, formatInZone, priorityField } from '@musique/core';

/** The core's words as the cards show them (the commands' help and parser word the catalog in commands/). */

/** Store examples from the demo's own range (store_001 to store_050). */
export const STORES_PLACEHOLDER = '12, 42, 12-20, a group or all';

export const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/** A priority as a card shows it, with what it does: "Urgent: interrupts the audio playing now." */
export function priorityText(value: string): string {
  const choice = priorityField.choices?.find((candidate) => candidate.value === value);
  return choice ? `${choice.label}: ${lowerFirst(choice.explanation)}` : value;
}

/** An audio's length as a chat shows it: "0:45". */
export const durationText = formatDuration;

/** When a send plays, on the person's clock: "now" or "Tue, 8 Dec 2026, 09:00 (Europe/Paris)". */
export const whenText = (scheduleAt: string | null | undefined, timeZone: string) =>
  scheduleAt ? formatInZone(new Date(scheduleAt), timeZone) : 'now';
