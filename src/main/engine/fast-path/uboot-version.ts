/**
 * A U-Boot version as its `version_string` spells it (`U-Boot 2023.10-stm32mp-r1 (Jan 01 2024 - 00:00:00 +0000)`,
 * `U-Boot 2022.07-rc3-00012-gabcdef`), and whether stm32prog in that version runs a script image.
 *
 * stm32prog runs a legacy script image written to alternate 0 (`stm32prog_end_phase`: with
 * CONFIG_LEGACY_IMAGE_FORMAT, an image at CONFIG_SYS_LOAD_ADDR whose format is IMAGE_FORMAT_LEGACY is kept as
 * `data->script` and run after DETACH) since ST's v2021.10-stm32mp-r1 and upstream's v2022.07 (issue 26, from
 * ST's release notes and the upstream history); older ones parse the script as a FlashLayout and refuse it.
 */
export interface UbootVersion {
  /** As found, e.g. `2023.10-stm32mp-r1`. */
  readonly text: string;
  readonly year: number;
  readonly month: number;
  /** `-rcN` of an upstream release candidate; null for a release. */
  readonly rc: number | null;
  /** ST's fork (`-stm32mp-rN[.M]`): its release; null for upstream. */
  readonly st: { readonly release: number; readonly sub: number } | null;
}

/** `20YY.MM`, an optional `-rcN`, an optional `-stm32mp-rN[.M]`, then anything (local version, git suffix). */
const versionPattern = /^(20\d\d)\.(\d\d)(?:-rc(\d+))?(?:-stm32mp-r(\d+)(?:\.(\d+))?)?/;

/** Reads the version after `U-Boot ` (the text up to the first space or `(`); null when it is not one. */
export function parseUbootVersion(text: string): UbootVersion | null {
  const match = versionPattern.exec(text);
  if (match === null) return null;
  const [whole, year, month, rc, stRelease, stSub] = match;
  const monthNumber = Number(month);
  if (monthNumber < 1 || monthNumber > 12) return null;
  return {
    text: text.split(/[\s(]/)[0] ?? whole,
    year: Number(year),
    month: monthNumber,
    rc: rc === undefined ? null : Number(rc),
    st: stRelease === undefined ? null : { release: Number(stRelease), sub: Number(stSub ?? 0) },
  };
}

/** The first versions whose stm32prog runs a script image: ST's fork and upstream. */
export const scriptSupport = { st: { year: 2021, month: 10 }, upstream: { year: 2022, month: 7 } } as const;

/**
 * Whether stm32prog in this version runs a script image. ST's fork from 2021.10 on (its first release of it is
 * -stm32mp-r1); upstream from the 2022.07 release. A release candidate of 2022.07 is not counted: which rc got
 * the change is not known here, so it is taken as the release before (DFU; `--fast on` says why).
 */
export function runsScripts(version: UbootVersion): boolean {
  const since = version.st === null ? scriptSupport.upstream : scriptSupport.st;
  const at = version.year * 100 + version.month;
  const first = since.year * 100 + since.month;
  if (at !== first) return at > first;
  return version.st !== null || version.rc === null;
}

/** The versions that run scripts, for a reason a person reads. */
export const scriptSupportText = 'ST’s fork since v2021.10-stm32mp-r1, upstream since v2022.07';
