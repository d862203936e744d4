import type { AccountContext } from '../context.ts';

export interface OpenRecovery {
  reference: string;
  status: 'pending' | 'approved';
  completesAt: string | null;
}

/** The account's newest recovery still open (waiting for support, or approved and waiting to take effect). */
export async function openRecoveryOf(ctx: AccountContext, userId: string): Promise<OpenRecovery | null> {
  const open = await ctx.db.recoveryRequest.findFirst({
    where: { userId, status: { in: ['pending', 'approved'] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, status: true, completesAt: true },
  });
  if (!open) return null;
  return { reference: open.id, status: open.status === 'approved' ? 'approved' : 'pending', completesAt: open.completesAt?.toISOString() ?? null };
}
