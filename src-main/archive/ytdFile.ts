/**
 * X archive data files are JavaScript assignments (`window.YTD.tweets.part0 = [ ... ]`,
 * `window.__THAR_CONFIG = { ... }`), not JSON. We never evaluate them: a user's archive is untrusted
 * input, and `eval`/`vm` would run whatever a tampered file contains. Instead we check the left-hand
 * side is a plain `window.<dotted name>` and JSON-parse the right-hand side.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';

export interface YtdFile {
  /** The assigned global without `window.`, e.g. `YTD.tweets.part0` or `__THAR_CONFIG`. */
  globalName: string;
  value: unknown;
}

const LHS = /^\s*window\.([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*=\s*/;

/** Line and column (1-based) of a character offset, for error messages a person can act on. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/** V8 says "... in JSON at position 123 (line 4 column 5)"; older ones only the position. */
function positionOf(err: unknown): number | null {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : String(err));
  return m ? Number(m[1]) : null;
}

function syntaxError(fileName: string, text: string, offset: number | null, why: string): AppError {
  const where = offset === null ? '' : (() => {
    const { line, column } = lineCol(text, offset);
    return ` at line ${line}, column ${column}`;
  })();
  return new AppError(
    ErrorCode.InvalidInput,
    `The archive file ${fileName} cannot be read${where}: ${why}. The archive may be damaged or edited; download it again from X ("Download your data").`,
    { file: fileName, ...(offset === null ? {} : lineCol(text, offset)) },
  );
}

/** Parses one `window.X = <json>;` file. Throws AppError(InvalidInput) naming the file and position. */
export function parseYtdFile(text: string, fileName: string): YtdFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const m = LHS.exec(body);
  if (!m) {
    throw syntaxError(fileName, body, 0, 'it does not start with "window.<name> =" as X archive files do');
  }
  const start = m[0].length;
  // Trailing `;` and whitespace are legal JavaScript after the literal but not JSON.
  let end = body.length;
  while (end > start && /[\s;]/.test(body[end - 1] ?? '')) end--;
  const json = body.slice(start, end);
  if (json.length === 0) throw syntaxError(fileName, body, start, 'nothing is assigned');
  try {
    return { globalName: m[1] ?? '', value: JSON.parse(json) };
  } catch (err) {
    const pos = positionOf(err);
    const why = err instanceof Error ? err.message.replace(/^.*?:\s*/, '').split(' in JSON')[0] ?? err.message : String(err);
    throw syntaxError(fileName, body, pos === null ? null : start + pos, `invalid data (${why})`);
  }
}

/** Like parseYtdFile but also requires the value to be an array (all YTD data files are). */
export function parseYtdArray(text: string, fileName: string): { globalName: string; items: unknown[] } {
  const f = parseYtdFile(text, fileName);
  if (!Array.isArray(f.value)) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `The archive file ${fileName} should hold a list of entries but holds something else. Download the archive again from X.`,
      { file: fileName },
    );
  }
  return { globalName: f.globalName, items: f.value };
}
