// What a card shows for a priority, a length and the stores box, in the words of the core's catalog. Commands
// word their replies with these too; cards import nothing from commands/.
import { formatDuration, priorityField } from '@musique/core';

/** Store examples from the demo's own range (store_001 to store_050). */
export const STORES_PLACEHOLDER = '12, 42 or all';

/** A priority as a card shows it, with what it does: "Urgent: interrupts the audio playing now." */
export function priorityText(value: string): string {
  const choice = priorityField.choices?.find((candidate) => candidate.value === value);
  return choice ? `${choice.label}: ${lowerFirst(choice.explanation)}` : value;
}

export const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/** An audio's length as a chat shows it: "0:45". */
export const durationText = formatDuration;
