import { z } from 'zod';
import { defineOperations } from './operation.ts';
import { sessionView, signInRequest, signInResponse, signUpRequest, sudoRequest, sudoView } from './auth.ts';
import { securityLogExportQuery, securityLogPage, securityLogQuery } from './securityLog.ts';

/** Every operation of the account service's JSON API under /api. */
export const accountOperations = defineOperations({
  getSession: {
    id: 'getSession',
    method: 'get',
    path: '/api/session',
    summary: 'The signed-in user (or null), sudo state and a CSRF token for state changes',
    access: 'public',
    response: sessionView,
  },
  signUp: {
    id: 'signUp',
    method: 'post',
    path: '/api/auth/sign-up',
    summary: 'Create an account and sign in',
    access: 'public',
    body: signUpRequest,
    response: signInResponse,
    status: 201,
  },
  signIn: {
    id: 'signIn',
    method: 'post',
    path: '/api/auth/sign-in',
    summary: 'Sign in with a username or email and a password',
    access: 'public',
    body: signInRequest,
    response: signInResponse,
  },
  signOut: {
    id: 'signOut',
    method: 'post',
    path: '/api/auth/sign-out',
    summary: 'End the current session',
    access: 'session',
  },
  confirmAccess: {
    id: 'confirmAccess',
    method: 'post',
    path: '/api/sudo',
    summary: 'Re-authenticate to enter sudo mode for two hours',
    access: 'session',
    body: sudoRequest,
    response: z.object({ sudo: sudoView, csrfToken: z.string() }),
  },
  listSecurityLog: {
    id: 'listSecurityLog',
    method: 'get',
    path: '/api/security-log',
    summary: "The signed-in user's security events, newest first, paged by cursor",
    access: 'session',
    query: securityLogQuery,
    response: securityLogPage,
  },
  exportSecurityLog: {
    id: 'exportSecurityLog',
    method: 'get',
    path: '/api/security-log/export',
    summary: 'Download the whole security log as JSON or CSV',
    access: 'session',
    query: securityLogExportQuery,
    produces: ['application/json', 'text/csv'],
  },
});

export type AccountOperationId = keyof typeof accountOperations;
