/**
 * CPU the simulator spends making and reading audio (a recording's WAV synthesis, a transcription
 * upload's parsing and listening): work a real provider does on its own machines, so benches report
 * it apart from the system's. Measured with process.cpuUsage around the synchronous work, so what
 * another thread of the process (a GC helper) did at that moment counts too.
 */
export class AudioCpu {
  private micros = 0;

  get seconds(): number {
    return this.micros / 1e6;
  }

  measure<T>(work: () => T): T {
    const before = process.cpuUsage();
    try {
      return work();
    } finally {
      const used = process.cpuUsage(before);
      this.micros += used.user + used.system;
    }
  }
}
