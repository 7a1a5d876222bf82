/** Keeps the work left running after a turn, so `idle()` can wait for it (shutdown, tests). */
export class Background {
  private readonly running = new Set<Promise<unknown>>();

  add(work: Promise<unknown>): void {
    // Settled either way, so work nobody awaits can never be an unhandled rejection.
    const tracked: Promise<void> = work.then(
      () => {},
      () => {},
    );
    void tracked.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}

/** Resolves true when `work` settles first, false when `ms` pass first. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true as const,
        () => true as const,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
