import { describe, expect, it } from 'vitest';
import { encodeCsv } from './encode-csv.js';

describe('encodeCsv', () => {
  it('writes records separated by CRLF, numbers as they are, null as an empty cell', () => {
    expect(encodeCsv([['group', 'requests', 'cost_usd'], ['t1', 3, 0.25], [null, 0, -1.5]])).toBe('group,requests,cost_usd\r\nt1,3,0.25\r\n,0,-1.5\r\n');
  });

  it('quotes cells with commas, quotes or line breaks, doubling the quotes (RFC 4180)', () => {
    expect(encodeCsv([['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'plain']])).toBe('"a,b","say ""hi""","two\nlines","cr\rhere",plain\r\n');
  });

  it.each(['=SUM(A1:A2)', '+1', '-1+2', '@cmd', '\t=1', '\r=1'])('defuses %j as a formula with a leading apostrophe', (cell) => {
    const encoded = encodeCsv([[cell]]).slice(0, -2);
    expect(encoded.replace(/^"|"$/g, '')).toBe(`'${cell}`);
  });

  it('quotes a defused cell that also needs quotes', () => {
    expect(encodeCsv([['=HYPERLINK("http://x","y")']])).toBe('"\'=HYPERLINK(""http://x"",""y"")"\r\n');
  });

  it('leaves text with a sign further in alone, and writes an empty table as nothing', () => {
    expect(encodeCsv([['a=b', 'team-1', 'x@y']])).toBe('a=b,team-1,x@y\r\n');
    expect(encodeCsv([])).toBe('');
  });
});
