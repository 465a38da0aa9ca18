import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { parseYtdArray, parseYtdFile } from '../../../src-main/archive/ytdFile';

function thrown(fn: () => unknown): { code: string; message: string; details?: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('expected a throw');
}

describe('parseYtdFile', () => {
  it('reads the assignment X writes, with the global name', () => {
    const f = parseYtdFile('window.YTD.tweets.part0 = [\n  { "tweet": { "id_str": "1" } }\n]', 'data/tweets.js');
    expect(f.globalName).toBe('YTD.tweets.part0');
    expect(f.value).toEqual([{ tweet: { id_str: '1' } }]);
  });

  it('accepts a BOM, CRLF line ends and a trailing semicolon', () => {
    const f = parseYtdFile('\uFEFFwindow.__THAR_CONFIG = {\r\n  "a": 1\r\n};\r\n', 'data/manifest.js');
    expect(f.globalName).toBe('__THAR_CONFIG');
    expect(f.value).toEqual({ a: 1 });
  });

  it('reports a syntax error with the file, line and column', () => {
    const text = 'window.YTD.tweets.part1 = [\n  { "tweet": { "id_str": "1" } },\n  { "tweet": { "id_str": "2" }\n]';
    const e = thrown(() => parseYtdFile(text, 'data/tweets-part1.js'));
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toContain('data/tweets-part1.js');
    expect(e.message).toMatch(/line 4, column 1/);
    expect(e.details).toMatchObject({ file: 'data/tweets-part1.js', line: 4, column: 1 });
  });

  it('never evaluates code: an expression instead of data is refused and has no effect', () => {
    const g = globalThis as Record<string, unknown>;
    delete g.__ytdPwned;
    const e = thrown(() => parseYtdFile('window.YTD.tweets.part0 = (globalThis.__ytdPwned = 1, [])', 'data/tweets.js'));
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(g.__ytdPwned).toBeUndefined();
  });

  it('refuses a file that is not a window.* assignment', () => {
    const e = thrown(() => parseYtdFile('var x = []', 'data/tweets.js'));
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toMatch(/does not start with "window.<name> ="/);
  });

  it('refuses an empty right-hand side', () => {
    expect(thrown(() => parseYtdFile('window.YTD.x.part0 = ;', 'x.js')).message).toMatch(/nothing is assigned/);
  });

  it('parseYtdArray wants a list', () => {
    expect(parseYtdArray('window.YTD.x.part0 = []', 'x.js').items).toEqual([]);
    expect(thrown(() => parseYtdArray('window.YTD.x.part0 = {}', 'x.js')).message).toMatch(/should hold a list/);
  });
});
