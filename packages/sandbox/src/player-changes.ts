type Listener = (userIds: number[]) => void;

/**
 * Tells live views (the store wall's feed) which players of a company changed, in this process: sends
 * notify after their transaction commits, so a listener that reads the players sees the change.
 */
export class PlayerChanges {
  private readonly listeners = new Map<number, Set<Listener>>();
  private readonly closers = new Set<() => void>();

  notify(companyId: number, userIds: number[]): void {
    if (userIds.length === 0) return;
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
