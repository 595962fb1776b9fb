import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The house's arrows (../shared/style/house.md), enforced: each folder lists what it must not import.
 * A wrong import fails `npm run lint`, and so `npm test`.
 */
const electronOnlyInGlue = {
  name: 'electron',
  message: 'Electron is imported only under src/main/electron/.',
};
const outward = (what) => ({
  group: [`**/${what}`, `**/${what}/**`],
  message: `This folder must not import ${what}/ (house.md arrows).`,
});

export const boundaries = [
  { files: ['src/shared/**'], banned: ['main', 'renderer'], nodeBuiltins: true },
  { files: ['src/renderer/**'], banned: ['main'], nodeBuiltins: true },
  {
    files: ['src/main/protocol/**'],
    banned: ['engine', 'virtual-board', 'usb', 'services', 'compose', 'electron', 'shell', 'cli', 'renderer'],
  },
  {
    files: ['src/main/usb/**'],
    ignores: ['src/main/usb/libusb/**'],
    banned: [
      'engine',
      'virtual-board',
      'services',
      'compose',
      'electron',
      'shell',
      'cli',
      'libusb',
      'renderer',
    ],
  },
  {
    files: ['src/main/usb/libusb/**'],
    banned: ['engine', 'virtual-board', 'services', 'compose', 'electron', 'shell', 'cli', 'renderer'],
  },
  {
    files: ['src/main/engine/**'],
    banned: ['virtual-board', 'libusb', 'services', 'compose', 'electron', 'shell', 'cli', 'renderer'],
  },
  {
    files: ['src/main/virtual-board/**'],
    banned: ['engine', 'libusb', 'services', 'compose', 'electron', 'shell', 'cli', 'renderer'],
  },
  {
    files: ['src/main/services/**'],
    banned: ['virtual-board', 'libusb', 'compose', 'electron', 'shell', 'cli', 'renderer'],
  },
  // Only compose/ builds the backends (libusb, virtual boards); the front ends call it (house.md arrows).
  { files: ['src/main/compose/**'], banned: ['electron', 'shell', 'cli', 'renderer'] },
  {
    files: ['src/main/shell/**', 'src/main/cli/**'],
    ignores: ['src/main/**/*.test.ts', 'src/main/**/test-support/**'],
    banned: ['electron', 'renderer', 'virtual-board', 'libusb'],
  },
  // Their tests may build virtual boards themselves (a run against a board left mid-run by another host).
  {
    files: ['src/main/shell/**/*.test.ts', 'src/main/cli/**/*.test.ts', 'src/main/cli/**/test-support/**'],
    banned: ['electron', 'renderer'],
  },
  {
    files: ['src/main/electron/**'],
    banned: ['shell', 'cli', 'renderer', 'virtual-board', 'libusb'],
    electronAllowed: true,
  },
];

function boundaryConfig({ files, ignores, banned, nodeBuiltins, electronAllowed }) {
  const patterns = banned.map(outward);
  if (nodeBuiltins)
    patterns.push({ group: ['node:*'], message: 'This folder runs in a browser too: no Node built-ins.' });
  const paths = electronAllowed ? [] : [electronOnlyInGlue];
  if (nodeBuiltins)
    paths.push(
      ...['fs', 'path', 'os', 'child_process', 'net', 'http'].map((name) => ({
        name,
        message: 'No Node built-ins here.',
      })),
    );
  return {
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
  };
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/artifacts/**',
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...tseslint.configs.stylistic,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnlyInGlue] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...boundaries.map(boundaryConfig),
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
