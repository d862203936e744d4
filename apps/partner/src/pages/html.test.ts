import { describe, expect, it } from 'vitest';
import { Html, escapeHtml, html } from './html.ts';

describe('html', () => {
  it('escapes interpolated text, including in attributes', () => {
    const value = `"><script>alert('x')</script>&`;
    expect(html`<input value="${value}">`.value).toBe('<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">');
    expect(escapeHtml(`<a href='x'>&amp;</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('nests templates without escaping them twice, and joins arrays', () => {
    const items = ['a<b', 'c&d'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
  });

  it('renders nothing for null, undefined and booleans, and numbers as text', () => {
    const flag = false as boolean;
    expect(html`[${null}${undefined}${flag && html`<b>hidden</b>`}${true}${42}]`.value).toBe('[42]');
  });

  it('does not trust look-alike objects, only Html', () => {
    const fake = { value: '<b>x</b>', toString: () => '<b>x</b>' } as unknown as string;
    expect(html`${fake}`.value).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(html`${new Html('<b>x</b>')}`.value).toBe('<b>x</b>');
  });
});
