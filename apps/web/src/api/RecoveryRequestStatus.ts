import type { RecoveryRequestView } from '@recovery/core/api/index';

export type RecoveryRequestStatus = RecoveryRequestView['status'];
