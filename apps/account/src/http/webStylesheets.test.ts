import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webStylesheets } from './webStylesheets.ts';

describe('webStylesheets', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  function dist(index?: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    dirs.push(dir);
    if (index !== undefined) writeFileSync(path.join(dir, 'index.html'), index);
    return dir;
  }

  it('reads the stylesheets the built index.html links, and nothing else', () => {
    const index = `<head><script type="module" crossorigin src="/assets/index-C_c.js"></script>
<link rel="modulepreload" crossorigin href="/assets/client-B.js">
<link rel="stylesheet" crossorigin href="/assets/index-EB59.css"></head>`;
    expect(webStylesheets(dist(index))).toEqual(['/assets/index-EB59.css']);
  });

  it('is empty before a build, and ignores a stylesheet from another origin', () => {
    expect(webStylesheets(dist())).toEqual([]);
    expect(webStylesheets(dist('<link rel="stylesheet" href="https://example.com/x.css">'))).toEqual([]);
  });
});
