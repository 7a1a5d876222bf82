type Listener = (userIds: number[]) => void;

/** Carries changes between the sandbox processes that share one database. */
export interface ChangeBus {
  publish(message: string): Promise<void>;
  subscribe(onMessage: (message: string) => void): Promise<void>;
}

/**
 * Tells live views (the store wall's feed) which players of a company changed: sends notify after their
 * transaction commits, so a listener that reads the players sees the change. Alone, within this process; on a
 * shared database, through its bus, so a send made by one process shows on every process's feed.
 */
export class PlayerChanges {
  private readonly listeners = new Map<number, Set<Listener>>();
  private readonly closers = new Set<() => void>();

  constructor(private readonly bus?: ChangeBus) {}

  /** Starts hearing the other processes' changes (a no-op without a bus). */
  async connect(): Promise<void> {
    await this.bus?.subscribe((message) => {
      const { companyId, userIds } = JSON.parse(message) as { companyId: number; userIds: number[] };
      this.deliver(companyId, userIds);
    });
  }

  notify(companyId: number, userIds: number[]): void {
    if (userIds.length === 0) return;
    if (!this.bus) {
      this.deliver(companyId, userIds);
      return;
    }
    // The bus echoes to this process too, so local listeners hear it once, in order with the others.
    this.bus.publish(JSON.stringify({ companyId, userIds })).catch((error) => {
      console.error('[musique-sandbox] player changes not published:', error);
      this.deliver(companyId, userIds);
    });
  }

  private deliver(companyId: number, userIds: number[]): void {
    for (const listener of this.listeners.get(companyId) ?? []) listener(userIds);
  }

  /** Listens to one company's changes; `onClose` runs when the sandbox stops. Returns the unsubscribe. */
  subscribe(companyId: number, listener: Listener, onClose: () => void): () => void {
    const listeners = this.listeners.get(companyId) ?? new Set<Listener>();
    this.listeners.set(companyId, listeners.add(listener));
    this.closers.add(onClose);
    return () => {
      listeners.delete(listener);
      this.closers.delete(onClose);
    };
  }

  /** Ends every live view, so stopping the server does not wait for open streams. */
  close(): void {
    for (const onClose of [...this.closers]) onClose();
    this.closers.clear();
    this.listeners.clear();
  }
}
