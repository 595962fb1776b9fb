import packageJson from '../../package.json' with { type: 'json' };

/** The application's name and version, from package.json at build time. */
export const appIdentity = {
  name: 'STM32MP Flasher',
  version: packageJson.version,
} as const;
