// The API's objects as clients see them, built from stored records: an answer and the webhook event that
// reports the same change carry one shape, and the rules record the event in the change's own transaction.
import type { AudioRecord, PlayerItemRecord, SendRecord } from '../storage/records.js';

export const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const audioUrl = (origin: string, fileName: string) => `${origin}/files/${fileName}`;

export function uploadedAudioView(audio: AudioRecord, origin: string) {
  return {
    audioId: audio.id,
    name: audio.name,
    url: audioUrl(origin, audio.fileName),
    duration: audio.duration,
    size: audio.size,
    format: audio.format,
    createdAt: audio.createdAt.toISOString(),
  };
}

export function audioView(audio: AudioRecord, origin: string) {
  const { audioId, name, url, duration, size, format, createdAt } = uploadedAudioView(audio, origin);
  return {
    audioId,
    name,
    description: audio.description,
    category: audio.category,
    url,
    duration,
    size,
    format,
    createdAt,
    stats: {
      timesPlayed: audio.timesPlayed,
      lastPlayedAt: iso(audio.lastPlayedAt),
      totalRecipients: audio.totalRecipients,
    },
  };
}

export function sendView(send: SendRecord) {
  return {
    sendId: send.id,
    audioId: send.audioId,
    destinations: send.destinations.map((d) => ({
      externalId: d.externalId,
      userId: d.userId,
      status: d.status,
    })),
    scheduled: send.scheduled,
    scheduleAt: iso(send.scheduleAt),
    status: send.status,
  };
}

/** A queue item; the store wall also shows scheduled items, which have not been delivered (`deliveredAt` null). */
export function queueItemView(item: Omit<PlayerItemRecord, 'deliveredAt'> & { deliveredAt: Date | null }) {
  return {
    sendId: item.sendId,
    audioId: item.audioId,
    name: item.name,
    priority: item.priority,
    repeat: item.repeat,
    volume: item.volume,
    scheduleAt: iso(item.scheduleAt),
    deliveredAt: iso(item.deliveredAt),
  };
}

export function playerItemView(item: PlayerItemRecord) {
  return { ...queueItemView(item), deliveredAt: item.deliveredAt.toISOString() };
}
