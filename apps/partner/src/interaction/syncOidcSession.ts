import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';

/**
 * The partner's own session decides who is signed in; oidc-provider's session only follows it.
 * When the browser's OIDC session still names another partner user (someone signed out and a
 * different user signed in), it is handed to the current user, with the previous user's client
 * authorizations dropped, and the interaction's copy is updated to match. Otherwise
 * oidc-provider would refuse to resume ("session principal changed").
 */
export async function syncOidcSession(provider: Provider, interaction: Interaction, accountId: string): Promise<void> {
  const origin = interaction.session;
  if (!origin?.uid || origin.accountId === accountId) return;
  const session = await provider.Session.findByUid(origin.uid);
  if (session) {
    session.accountId = accountId;
    session.authorizations = {};
    await session.persist();
  }
  interaction.session = { ...origin, accountId };
  await interaction.persist();
}
