import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * A throwaway self-signed P-256 certificate (openssl) for `names` (DNS names, or IP addresses),
 * written as cert.pem and key.pem in `dir`. The reference peers accept only https origins.
 */
export function testCertificate(dir: string, names: string[], days = 2): { certFile: string; keyFile: string } {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const altNames = names.map((name) => (/^[\d.]+$/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', String(days), '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${altNames}`, '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}
