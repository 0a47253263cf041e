/**
 * The pause of a background loop: new work or a stop cuts it short, and once stopped every sleep
 * returns at once, so a stop that comes while the loop is busy (no sleep to wake yet) is not kept
 * waiting for the next one.
 */
export class WakeableSleep {
  private wakeUp: () => void = () => undefined;
  private stopping = false;

  get stopped(): boolean {
    return this.stopping;
  }

  sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Ends the current sleep early: there is work to look at. */
  wake(): void {
    this.wakeUp();
  }

  stop(): void {
    this.stopping = true;
    this.wakeUp();
  }
}
