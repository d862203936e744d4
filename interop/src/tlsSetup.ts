import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testCertificate } from './testCertificate.ts';

/**
 * Vitest global setup: a throwaway certificate for https://localhost, trusted by the test
 * processes (NODE_EXTRA_CA_CERTS, read when each worker starts) and by the Ruby peer
 * (SSL_CERT_FILE, set when it is spawned). The reference peers accept only https origins.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'interop-tls-'));
  const { certFile, keyFile } = testCertificate(dir, ['localhost', '127.0.0.1']);
  process.env.NODE_EXTRA_CA_CERTS = certFile;
  process.env.INTEROP_TLS_CERT = certFile;
  process.env.INTEROP_TLS_KEY = keyFile;
  return () => rmSync(dir, { recursive: true, force: true });
}
