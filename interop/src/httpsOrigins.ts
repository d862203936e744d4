import { startTlsTerminator } from '../../scripts/tlsTerminator.ts';
import type { TlsTerminator } from '../../scripts/tlsTerminator.ts';
import { freePorts } from '../../scripts/freePorts.ts';

export interface HttpsFront {
  /** https://localhost:PORT, in front of the plain http service. */
  origin: string;
  /** Points the front at the service's loopback http port (once it listens). */
  serve(targetPort: number): Promise<void>;
  close(): Promise<void>;
}

function tlsFiles(): { certFile: string; keyFile: string } {
  const certFile = process.env.INTEROP_TLS_CERT;
  const keyFile = process.env.INTEROP_TLS_KEY;
  if (!certFile || !keyFile) throw new Error('No test certificate: run this suite through its vitest config (globalSetup src/tlsSetup.ts)');
  return { certFile, keyFile };
}

/**
 * `count` https origins on the project's TLS terminator (scripts/tlsTerminator.ts), known before
 * the services behind them start (each service must publish its https origin from the start).
 */
export async function httpsFronts(count: number): Promise<HttpsFront[]> {
  const ports = await freePorts(count);
  return ports.map((listen) => {
    let terminator: TlsTerminator | undefined;
    return {
      origin: `https://localhost:${listen}`,
      async serve(target: number) {
        terminator = await startTlsTerminator({ ...tlsFiles(), routes: [{ listen, target }] });
      },
      close: async () => terminator?.close(),
    };
  });
}
