import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Vitest global setup: a throwaway certificate for https://localhost (openssl), trusted by the
 * test processes (NODE_EXTRA_CA_CERTS, read when each worker starts) and by the Ruby peer
 * (SSL_CERT_FILE, set when it is spawned). The reference peers accept only https origins.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'interop-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert],
    { stdio: 'ignore' },
  );
  process.env.NODE_EXTRA_CA_CERTS = cert;
  process.env.INTEROP_TLS_CERT = cert;
  process.env.INTEROP_TLS_KEY = key;
  return () => rmSync(dir, { recursive: true, force: true });
}
