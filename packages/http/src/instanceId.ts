import { randomUUID } from 'node:crypto';

/**
 * This process's identity on `/healthz`: INSTANCE_ID when a supervisor chose it, else random.
 * A supervisor that started a process compares it, so an old copy still holding the port is not
 * mistaken for the one it just started.
 */
export const instanceId: string = process.env.INSTANCE_ID || randomUUID();
