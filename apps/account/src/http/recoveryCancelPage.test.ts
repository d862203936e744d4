import { describe, expect, it } from 'vitest';
import { recoveryCancelPage } from './recoveryCancelPage.ts';

describe('recoveryCancelPage', () => {
  const base = { appName: 'Octo <Account>', action: '/recovery/cancel', stylesheets: ['/assets/index-EB59.css'] };

  it("wears the web UI's stylesheet, header and sign-in card, with the name escaped", () => {
    const html = recoveryCancelPage({ ...base, token: 'tok"en' });
    expect(html).toContain('<link rel="stylesheet" href="/assets/index-EB59.css">');
    expect(html).toContain('<a href="/" class="product-name">Octo &lt;Account&gt;</a>');
    expect(html).toContain('<div class="auth-page">');
    expect(html).toContain('value="tok&quot;en"');
    expect(html).toContain('<button type="submit" class="button-primary">Cancel the recovery</button>');
  });

  it('announces a done cancellation as a success, and a dead link as plain text; neither offers the button', () => {
    const done = recoveryCancelPage({ ...base, done: true, message: 'The recovery is cancelled.' });
    expect(done).toContain('<p role="status" class="notice-success">The recovery is cancelled.</p>');
    const dead = recoveryCancelPage({ ...base, message: 'This link has expired.' });
    expect(dead).toContain('<p>This link has expired.</p>');
    for (const html of [done, dead]) expect(html).not.toContain('<button');
  });
});
