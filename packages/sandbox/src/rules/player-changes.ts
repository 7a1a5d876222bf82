type Listener = (userIds: number[]) => void;

/** Carries changes between the sandbox processes that share one database. */
export interface ChangeBus {
  publish(message: string): Promise<void>;
  subscribe(onMessage: (message: string) => void): Promise<void>;
}

type Message = { companyId: number; userIds: number[] } | { revokedKeyId: number };

interface Subscription {
  keyId: number;
  listener: Listener;
  close: () => void;
}

/**
 * Tells live views (the store wall's feed) which players of a company changed: sends notify after their
 * transaction commits, so a listener that reads the players sees the change. Alone, within this process; on a
 * shared database, through its bus, so a send made by one process shows on every process's feed.
 *
 * Revocations travel the same way, and PostgreSQL delivers notifications in the order they were committed: a
 * process hears a key's revocation (and ends its streams) before any change notified after it.
 */
export class PlayerChanges {
  private readonly byCompany = new Map<number, Set<Subscription>>();
  private readonly all = new Set<Subscription>();

  constructor(private readonly bus?: ChangeBus) {}

  /** Starts hearing the other processes' changes (a no-op without a bus). */
  async connect(): Promise<void> {
    await this.bus?.subscribe((message) => this.deliver(JSON.parse(message) as Message));
  }

  notify(companyId: number, userIds: number[]): void {
    if (userIds.length === 0) return;
    const message = { companyId, userIds };
    if (!this.bus) {
      this.deliver(message);
      return;
    }
    // The bus echoes to this process too, so local listeners hear it once, in order with the others.
    this.bus.publish(JSON.stringify(message)).catch((error) => {
      console.error('[musique-sandbox] player changes not published:', error);
      this.deliver(message);
    });
  }

  /**
   * Ends the key's streams here at once, and in every other process before any change published after this
   * resolves (the revocation must already be written, so a stream opened meanwhile finds it on its check).
   */
  async revoked(keyId: number): Promise<void> {
    this.deliver({ revokedKeyId: keyId });
    await this.bus?.publish(JSON.stringify({ revokedKeyId: keyId }));
  }

  private deliver(message: Message): void {
    if ('revokedKeyId' in message) {
      for (const subscription of [...this.all])
        if (subscription.keyId === message.revokedKeyId) subscription.close();
      return;
    }
    for (const subscription of this.byCompany.get(message.companyId) ?? [])
      subscription.listener(message.userIds);
  }

  /**
   * Listens to one company's changes for a stream opened with one key; `close` runs when the key is revoked
   * or the sandbox stops. Returns the unsubscribe.
   */
  subscribe(companyId: number, keyId: number, listener: Listener, close: () => void): () => void {
    const subscription = { keyId, listener, close };
    const subscriptions = this.byCompany.get(companyId) ?? new Set<Subscription>();
    this.byCompany.set(companyId, subscriptions.add(subscription));
    this.all.add(subscription);
    return () => {
      subscriptions.delete(subscription);
      this.all.delete(subscription);
    };
  }

  /** Ends every live view, so stopping the server does not wait for open streams. */
  close(): void {
    for (const subscription of [...this.all]) subscription.close();
    this.all.clear();
    this.byCompany.clear();
  }
}
