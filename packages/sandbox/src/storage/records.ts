// The rows the database modules read and write, shared by the modules and the memory they remember them in.

/** What a key may do; a key row holds a list of these. */
export const permissions = ['audio.read', 'audio.write', 'audio.delete', 'audio.send'] as const;
export type Permission = (typeof permissions)[number];

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface Company {
  id: number;
  name: string;
  keyPrefix: string;
}

export interface Location {
  userId: number;
  externalId: string;
  name: string;
}

export interface ApiKeyRecord {
  id: number;
  companyId: number;
  userId: number;
  externalId: string;
  keyHash: string;
  permissions: Permission[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewAudio {
  id: string;
  companyId: number;
  name: string;
  description: string | null;
  category: string | null;
  format: string;
  duration: number;
  size: number;
  fileName: string;
  createdAt: Date;
}

export interface AudioRecord extends NewAudio {
  seq: number;
  timesPlayed: number;
  lastPlayedAt: Date | null;
  totalRecipients: number;
}

export interface SendRecord {
  id: string;
  companyId: number;
  audioId: string;
  priority: Priority;
  repeat: number;
  volume: number;
  scheduleAt: Date | null;
  scheduled: boolean;
  status: 'scheduled' | 'sent';
  destinations: Array<{ externalId: string; userId: number; status: 'scheduled' | 'queued' }>;
}

export interface PlayerItemRecord {
  deliveryId: number;
  sendId: string;
  audioId: string;
  name: string;
  priority: Priority;
  repeat: number;
  volume: number;
  scheduleAt: Date | null;
  deliveredAt: Date;
  duration: number;
  startedAt: Date | null;
}

export interface UsageLogRecord {
  id: number;
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  createdAt: Date;
}

export interface WebhookRecord {
  id: string;
  url: string;
  events: string[];
  secret: string;
  createdAt: Date;
}

export interface RateWindow {
  name: string;
  start: Date;
  limit: number;
}

/** A request's log line, as queued to be written. */
export interface UsageLog {
  companyId: number | null;
  keyId: number | null;
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  createdAt: Date;
}
