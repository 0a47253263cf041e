/** A relay step that ran past its deadline: the leader gives up the lead instead of waiting on it. */
export class StepDeadlineExceeded extends Error {
  constructor(step: string, ms: number) {
    super(`relay step "${step}" took longer than ${ms} ms`);
    this.name = 'StepDeadlineExceeded';
  }
}

/**
 * `work`, or a StepDeadlineExceeded once `ms` have passed. The work itself goes on (a promise
 * cannot be cancelled): whoever abandons it must make sure its late result changes nothing.
 */
export async function withinDeadline<T>(step: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepDeadlineExceeded(step, ms)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
