import { describe, expect, it } from 'vitest';
import { csvCell, securityLogCsv } from './securityLogCsv.ts';

describe('securityLogCsv', () => {
  it('quotes commas, quotes and newlines (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses cells a spreadsheet would evaluate as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
  });

  it.each([
    ['a tab', '\tcmd', `"'\tcmd"`],
    ['a carriage return', '\rcmd', `"'\rcmd"`],
    ['spaces before =', '   =1+1', `"'   =1+1"`],
    ['spaces before -', '  -2+3', `"'  -2+3"`],
    ['a non-breaking space', '\u00a0=1+1', `"'\u00a0=1+1"`],
    ['a lone non-breaking space', '\u00a0cmd', `"'\u00a0cmd"`],
    ['a pipe', '|calc', `"'|calc"`],
    ['spaces before a pipe', ' |calc', `"' |calc"`],
  ])('defuses a cell that starts with %s (OWASP CSV injection list)', (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('leaves ordinary text with inner spaces or symbols alone', () => {
    expect(csvCell('Mozilla/5.0 (X11; Linux) = fine')).toBe('Mozilla/5.0 (X11; Linux) = fine');
    expect(csvCell(' leading space')).toBe(' leading space');
  });

  it('writes a header and one row per event', () => {
    const csv = securityLogCsv([
      { id: '1', action: 'user.login', description: 'Signed in', createdAt: '2026-01-01T00:00:00.000Z', ip: '127.0.0.1', userAgent: '=cmd', actor: null, data: {} },
    ]);
    expect(csv).toBe('created_at,action,description,ip,user_agent,actor,data\r\n2026-01-01T00:00:00.000Z,user.login,Signed in,127.0.0.1,"\'=cmd",,{}\r\n');
  });
});
