import type { Request, Response } from 'express';
import { readCookie } from './cookies.ts';
import { randomToken, sha256Hex } from './secrets.ts';

/** The fields every stored session has, whatever else a service keeps in it. */
export interface StoredSession {
  idHash: string;
  userId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface NewSession {
  idHash: string;
  userId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string;
  userAgent: string;
}

/** Where a service keeps its sessions (its own table); ids never reach it, only their hashes. */
export interface SessionStore<S extends StoredSession, Extra> {
  create(session: NewSession & Partial<Extra>): Promise<S>;
  find(idHash: string): Promise<S | null>;
  touch(idHash: string, lastSeenAt: Date): Promise<void>;
  delete(idHash: string): Promise<void>;
}

export interface SessionOptions {
  cookieName: string;
  /** Idle expiry: a session unused this long ends. */
  idleMs: number;
  /** Absolute expiry from sign-in, however active the session. */
  absoluteMs: number;
  secureCookies: boolean;
  now: () => Date;
}

/** Activity is written back at most this often, so reads do not each cost a write. */
const touchIntervalMs = 60_000;

/**
 * Opaque random session ids in an HttpOnly, SameSite cookie; the store holds only their SHA-256,
 * so a database dump cannot be replayed as a cookie. Expired sessions are deleted on sight.
 */
export class SessionManager<S extends StoredSession, Extra = object> {
  constructor(
    private readonly store: SessionStore<S, Extra>,
    private readonly options: SessionOptions,
  ) {}

  idHashFrom(req: Request): string | undefined {
    const id = readCookie(req, this.options.cookieName);
    return id && id.length <= 128 ? sha256Hex(id) : undefined;
  }

  async load(req: Request): Promise<S | null> {
    const idHash = this.idHashFrom(req);
    if (!idHash) return null;
    const session = await this.store.find(idHash);
    if (!session) return null;
    const now = this.options.now();
    if (session.expiresAt <= now || session.lastSeenAt.getTime() + this.options.idleMs <= now.getTime()) {
      await this.store.delete(idHash);
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > touchIntervalMs) {
      await this.store.touch(idHash, now);
      session.lastSeenAt = now;
    }
    return session;
  }

  /**
   * A new session (a new id) not yet stored: the caller writes `row` in its own transaction and
   * then calls `setCookie`. A fresh id at sign-in and at every privilege change defeats session
   * fixation; callers end the previous session in the same transaction.
   */
  issue(fields: Omit<NewSession, 'idHash' | 'expiresAt' | 'createdAt' | 'lastSeenAt'> & Partial<Extra>): { row: NewSession & Partial<Extra>; setCookie(res: Response): void } {
    const id = randomToken(32);
    const now = this.options.now();
    const expiresAt = new Date(now.getTime() + this.options.absoluteMs);
    return {
      row: { ...fields, idHash: sha256Hex(id), createdAt: now, lastSeenAt: now, expiresAt },
      setCookie: (res) => {
        res.cookie(this.options.cookieName, id, { httpOnly: true, sameSite: 'lax', secure: this.options.secureCookies, path: '/', expires: expiresAt });
      },
    };
  }

  /** Starts a new session and sets its cookie. Callers end the previous one first (see `issue`). */
  async start(res: Response, fields: Omit<NewSession, 'idHash' | 'expiresAt' | 'createdAt' | 'lastSeenAt'> & Partial<Extra>): Promise<S> {
    const issued = this.issue(fields);
    const session = await this.store.create(issued.row);
    issued.setCookie(res);
    return session;
  }

  /** Clears the session cookie (the row is ended by the caller's transaction). */
  clearCookie(res: Response): void {
    res.clearCookie(this.options.cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.options.secureCookies });
  }

  async end(req: Request, res: Response): Promise<void> {
    const idHash = this.idHashFrom(req);
    if (idHash) await this.store.delete(idHash);
    this.clearCookie(res);
  }
}
