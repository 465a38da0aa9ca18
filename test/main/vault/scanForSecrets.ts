/**
 * Looks for secrets in bytes and text (DB files, log lines, error payloads, responses): each secret
 * in UTF-8, base64, base64url and hex form. Returns every finding so a failing test says exactly
 * which secret leaked where. Reusable by the end-to-end scan after a sync run.
 */
import fs from 'node:fs';

export interface Haystack {
  where: string;
  data: Buffer | string;
}

export interface Finding {
  secret: string;
  form: string;
  where: string;
}

function forms(secret: string): Array<[string, Buffer]> {
  const b = Buffer.from(secret, 'utf8');
  const all: Array<[string, Buffer]> = [
    ['utf8', b],
    ['base64', Buffer.from(b.toString('base64').replace(/=+$/, ''))],
    ['base64url', Buffer.from(b.toString('base64url'))],
    ['hex', Buffer.from(b.toString('hex'))],
  ];
  // base64 and base64url coincide when no "+" or "/" occurs: report one finding, not two.
  return all.filter(([, n], i) => all.findIndex(([, m]) => m.equals(n)) === i);
}

export function scanForSecrets(secrets: Record<string, string>, haystacks: Haystack[]): Finding[] {
  const findings: Finding[] = [];
  for (const h of haystacks) {
    const data = typeof h.data === 'string' ? Buffer.from(h.data, 'utf8') : h.data;
    for (const [name, secret] of Object.entries(secrets)) {
      for (const [form, needle] of forms(secret)) if (needle.length >= 6 && data.includes(needle)) findings.push({ secret: name, form, where: h.where });
    }
  }
  return findings;
}

/** A SQLite database and its WAL/SHM side files, as haystacks (missing side files are skipped). */
export function sqliteFiles(file: string): Haystack[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`].filter((f) => fs.existsSync(f)).map((f) => ({ where: f, data: fs.readFileSync(f) }));
}
