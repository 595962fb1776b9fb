import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  pkexecInstallArgv,
  stLinkVcpProductIds,
  udevInstallCommandLine,
  udevInstallScript,
  udevRuleFileName,
  udevRuleInstallPath,
  udevRulesText,
} from '../../../shared/udev-rule';

const shipped = path.resolve(__dirname, '../../../../assets/linux', udevRuleFileName);

interface Pair {
  readonly key: string;
  readonly operator: string;
  readonly value: string;
}

/** One rule line as udev(7) reads it: comma-separated `KEY{attr}<op>"value"` pairs. */
function parseRule(line: string): Pair[] {
  const pairs: Pair[] = [];
  const pattern = /\s*([A-Z]+(?:\{[A-Za-z_]+\})?)\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"\s*(,|$)/y;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(line)) !== null) {
    pairs.push({ key: match[1]!, operator: match[2]!, value: match[3]! });
    if (match[4] === '') break;
  }
  if (pattern.lastIndex !== line.length) throw new Error(`not a udev rule: ${line}`);
  return pairs;
}

function rulesOf(text: string): Pair[][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map(parseRule);
}

const has = (rule: Pair[], key: string, operator: string, value: string) =>
  rule.some((pair) => pair.key === key && pair.operator === operator && pair.value === value);

describe('the udev rule file', () => {
  const text = readFileSync(shipped, 'utf8');
  const rules = rulesOf(text);

  it('is the text the app installs, byte for byte', () => {
    expect(text).toBe(udevRulesText);
  });

  it('parses: every line is a comment or key/operator/"value" pairs', () => {
    expect(rules.length).toBe(2 + stLinkVcpProductIds.length);
    expect(() => parseRule('SUBSYSTEM=="usb" ATTR{idVendor}=="0483"')).toThrow();
  });

  it.each([
    ['the DFU device 0483:df11 (every stage)', 'df11'],
    ["U-Boot's fastboot device 0483:0afb (the fast path)", '0afb'],
  ])('opens %s with uaccess and the plugdev fallback', (_what, product) => {
    const usb = rules.filter((rule) => has(rule, 'SUBSYSTEM', '==', 'usb'));
    expect(usb).toHaveLength(2);
    const device = usb.find((rule) => has(rule, 'ATTR{idProduct}', '==', product));
    expect(device).toBeDefined();
    expect(has(device!, 'ATTR{idVendor}', '==', '0483')).toBe(true);
    expect(has(device!, 'TAG', '+=', 'uaccess')).toBe(true);
    expect(has(device!, 'MODE', '=', '0660')).toBe(true);
    expect(has(device!, 'GROUP', '=', 'plugdev')).toBe(true);
  });

  it.each(['374b', '3752', '374e', '374f', '3753', '3754'])(
    'opens the ST-Link console 0483:%s as a tty, matched on its parent USB device',
    (product) => {
      const rule = rules.find((candidate) => has(candidate, 'ATTRS{idProduct}', '==', product));
      expect(rule).toBeDefined();
      expect(has(rule!, 'SUBSYSTEM', '==', 'tty')).toBe(true);
      expect(has(rule!, 'ATTRS{idVendor}', '==', '0483')).toBe(true);
      expect(has(rule!, 'TAG', '+=', 'uaccess')).toBe(true);
    },
  );

  it('sorts before 73-seat-late.rules, where uaccess is applied', () => {
    expect([udevRuleFileName, '73-seat-late.rules'].sort()[0]).toBe(udevRuleFileName);
    expect(udevRuleFileName.localeCompare('73-seat-late.rules', 'en')).toBeLessThan(0);
  });
});

describe('the install commands', () => {
  it('write the whole file, make it readable and reload udev, stopping at the first failure', () => {
    const lines = udevInstallScript.split('\n');
    expect(lines[0]).toBe('set -e');
    expect(lines[1]).toBe(`cat > ${udevRuleInstallPath} <<EOF`);
    expect(udevInstallScript).toContain(`${udevRulesText.trimEnd()}\nEOF\n`);
    expect(udevInstallScript).toContain(`chmod 0644 ${udevRuleInstallPath}`);
    expect(lines.at(-1)).toMatch(/^udevadm control --reload-rules && udevadm trigger /);
  });

  it('hold nothing a here-document or single quotes would change', () => {
    expect(udevInstallScript).not.toMatch(/['$`\\]/);
  });

  it('run as argv through pkexec, and read the same as a pasted sudo line', () => {
    expect(pkexecInstallArgv).toEqual(['pkexec', 'sh', '-c', udevInstallScript]);
    expect(udevInstallCommandLine('pkexec')).toBe(`pkexec sh -c '${udevInstallScript}'`);
    expect(udevInstallCommandLine('sudo').startsWith("sudo sh -c 'set -e\n")).toBe(true);
  });
});

describe('the .deb', () => {
  const root = path.resolve(__dirname, '../../../..');
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const config = parse(read('electron-builder.yml')) as {
    linux: { extraResources: { from: string; to: string }[] };
    deb: { afterInstall: string; afterRemove: string };
  };
  const template = (name: string) => read(`node_modules/app-builder-lib/templates/linux/${name}.tpl`);

  it('ships the rule file inside the app resources', () => {
    expect(config.linux.extraResources).toContainEqual({
      from: `assets/linux/${udevRuleFileName}`,
      to: `linux/${udevRuleFileName}`,
    });
  });

  it('keeps electron-builder’s own after-install, then installs the rule and reloads udev', () => {
    const script = read(config.deb.afterInstall);
    expect(script.startsWith(template('after-install'))).toBe(true);
    expect(script).toContain(`/opt/\${sanitizedProductName}/resources/linux/${udevRuleFileName}`);
    expect(script).toContain(`UDEV_RULE_TARGET='${udevRuleInstallPath}'`);
    expect(script).toContain('install -D -m 0644 "$UDEV_RULE_SOURCE" "$UDEV_RULE_TARGET"');
    expect(script).toContain('udevadm control --reload-rules');
    expect(script).toContain('udevadm trigger --subsystem-match=usb --attr-match=idVendor=0483');
  });

  it('keeps electron-builder’s own after-remove, then removes the rule on remove and purge only', () => {
    const script = read(config.deb.afterRemove);
    expect(script.startsWith(template('after-remove'))).toBe(true);
    expect(script).toMatch(
      new RegExp(
        `remove\\|purge\\)\\s+rm -f '${udevRuleInstallPath}'\\s+.*udevadm control --reload-rules`,
        's',
      ),
    );
  });

  it('uses only the macros electron-builder fills in (any other ${name} fails the build)', () => {
    for (const file of [config.deb.afterInstall, config.deb.afterRemove]) {
      const macros = [...read(file).matchAll(/\$\{([a-zA-Z]+)\}/g)].map((match) => match[1]);
      expect(new Set(macros)).toEqual(new Set(['executable', 'sanitizedProductName']));
    }
  });
});
