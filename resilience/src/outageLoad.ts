export interface OutageAnswer {
  /** The phase the request was sent in. */
  phase: string;
  /** The phase its answer (or failure) arrived in: a request can be caught by the next fault. */
  answeredIn: string;
  status: number | null;
  code: string | undefined;
  retryAfter: string | null;
  /** Why there was no answer: the client gave up at its deadline, or the connection failed. */
  failure?: string;
}

/** The client's reason for having no answer: a timeout (AbortSignal) or the connection's error code. */
function failureOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : error.name;
}

export interface OutageLoad {
  answers: OutageAnswer[];
  phase: string;
  /** Resolves once `count` answers of the current phase satisfy `test`. */
  until(count: number, test: (answer: OutageAnswer) => boolean): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `workers` clients sending `path` (with `headers`) back to back, each request given up by the
 * client after `clientDeadlineMs`. Each answer is recorded with the phase it was sent in.
 */
export function startOutageLoad(origin: string, path: string, headers: Record<string, string>, workers: number, clientDeadlineMs: number): OutageLoad {
  const answers: OutageAnswer[] = [];
  const waiters: Array<{ phase: string; count: number; test: (a: OutageAnswer) => boolean; resolve: () => void }> = [];
  let stopped = false;
  const load: OutageLoad = {
    answers,
    phase: 'before',
    until(count, test) {
      const phase = load.phase;
      return new Promise<void>((resolve) => {
        waiters.push({ phase, count, test, resolve });
        settle();
      });
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
  const settle = (): void => {
    for (const waiter of [...waiters]) {
      if (answers.filter((a) => a.phase === waiter.phase && waiter.test(a)).length < waiter.count) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const worker = async (): Promise<void> => {
    while (!stopped) {
      const phase = load.phase;
      let answer: OutageAnswer;
      try {
        const res = await fetch(new URL(path, origin), { headers: { Accept: 'application/json', ...headers }, redirect: 'manual', signal: AbortSignal.timeout(clientDeadlineMs) });
        const body = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { error?: { code?: string } }) : (await res.arrayBuffer(), undefined);
        answer = { phase, answeredIn: load.phase, status: res.status, code: body?.error?.code, retryAfter: res.headers.get('retry-after') };
      } catch (error) {
        answer = { phase, answeredIn: load.phase, status: null, code: undefined, retryAfter: null, failure: failureOf(error) };
      }
      answers.push(answer);
      settle();
    }
  };
  const running = Promise.all(Array.from({ length: workers }, () => worker()));
  return load;
}
