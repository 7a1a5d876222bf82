/** How long an identical send on a conversational surface asks before playing again. */
export const REPEAT_WINDOW_MINUTES = 10;

/** A send that went, as the repeat window remembers it. */
export interface SentRecord {
  sentAt: string;
  sendId: string;
}

/**
 * The sends a conversational surface made lately, by plan identity, so an identical send within
 * REPEAT_WINDOW_MINUTES asks before playing again. The bot keeps them in its storage, so every instance sees them.
 */
export interface RecentSends {
  /** The same send within the window, or undefined. */
  find(identity: string, now: Date): Promise<SentRecord | undefined>;
  remember(identity: string, record: SentRecord, now: Date): Promise<void>;
}

/** Recent sends in this process's memory, forgotten after the window. */
export function recentSendsInMemory(): RecentSends {
  const sends = new Map<string, SentRecord>();
  const windowMs = REPEAT_WINDOW_MINUTES * 60_000;
  const fresh = (record: SentRecord | undefined, now: Date) =>
    record && now.getTime() - new Date(record.sentAt).getTime() < windowMs ? record : undefined;
  return {
    async find(identity, now) {
      return fresh(sends.get(identity), now);
    },
    async remember(identity, record, now) {
      for (const [key, old] of sends) if (!fresh(old, now)) sends.delete(key);
      sends.set(identity, record);
    },
  };
}

/** Recent sends over a key-value store (the bot's storage): one record per identity, read within the window. */
export function recentSendsIn(store: {
  read(key: string): Promise<SentRecord | undefined>;
  write(key: string, record: SentRecord): Promise<void>;
}): RecentSends {
  const windowMs = REPEAT_WINDOW_MINUTES * 60_000;
  const key = (identity: string) => `recent-send/${identity}`;
  return {
    async find(identity, now) {
      const record = await store.read(key(identity));
      return record && now.getTime() - new Date(record.sentAt).getTime() < windowMs ? record : undefined;
    },
    remember: (identity, record) => store.write(key(identity), record),
  };
}
