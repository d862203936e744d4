import type autocannon from 'autocannon';

export type ScenarioId = 'baseline' | 'totp' | 'recovery_code' | 'token_save' | 'token_verify' | 'sign_in' | 'peer_totp' | 'passkey' | 'peer_passkey';

/** Lets a request generator end the run early when the state it prepared runs out. */
export interface RunControl {
  stop(): void;
}

/** One load scenario: what autocannon sends, and how the benchmark confirms real successes. */
export interface LoadScenario {
  id: ScenarioId;
  label: string;
  /** The origin the load goes to (an instance, or the proxy in front of two). */
  url: string;
  requests: autocannon.Request[];
  /**
   * HTTP calls one success takes (a passkey sign-in is two: options, then assertion); req/s and
   * "sent" are reported per success, so both sides of a comparison count sign-ins. Default 1.
   */
  callsPerSuccess?: number;
  /**
   * A count that grows by one per real success: rows the service wrote (sessions, spent codes,
   * saved tokens) or responses whose body was checked. Read before and after the measured run.
   */
  successes(): Promise<number>;
  /** True once the prepared state (pending sign-ins, codes) ran out and the run was cut short. */
  exhausted(): boolean;
}
