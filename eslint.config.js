// Lint = the architecture rules of STYLE.md that a compiler cannot see.
import tseslint from 'typescript-eslint';

const electronOnlyHere = ['src-main/main.ts', 'src-main/preload.ts', 'src-main/platform/**', 'src-main/ipc/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'dist-renderer/**', 'release/**', '.tmp/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Electron only in src-main/main.ts, src-main/platform/ and src-main/ipc/ (STYLE.md §1).' }] },
      ],
    },
  },
  {
    files: electronOnlyHere,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // src-shared is pure: no electron, no node built-ins, no imports from either process.
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src-shared is pure TypeScript.' }],
          patterns: [
            { group: ['node:*'], message: 'src-shared must not use Node built-ins (it runs in the renderer too).' },
            { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared imports neither process.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.chirp (src-renderer/ipc/client.ts).' }],
          patterns: [{ group: ['**/src-main/**', 'node:*'], message: 'The renderer never imports src-main or Node built-ins.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: electronOnlyHere,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Electron only in src-main/main.ts, src-main/platform/ and src-main/ipc/ (STYLE.md §1).' }],
          patterns: [{ group: ['**/src-renderer/**'], message: 'src-main never imports the renderer.' }],
        },
      ],
    },
  },
);
