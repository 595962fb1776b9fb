import { expect, test } from './test-base';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFlashLayout } from '../src/main/engine/layout/parse-flash-layout';
import {
  fixturesDir,
  makeTempDir,
  removeTempDir,
  writeLayoutImages,
} from '../src/main/engine/layout/test-support/layout-images';
import { startServe, type ServedShell } from './browser-shell-process';

const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir: string;
let served: ServedShell;
let partitionCount: number;

test.beforeAll(async () => {
  dir = await makeTempDir();
  const layoutFile = path.join(dir, fixture);
  await copyFile(path.join(fixturesDir, fixture), layoutFile);
  const { layout } = parseFlashLayout(await readFile(layoutFile));
  partitionCount = layout.partitions.length;
  await writeLayoutImages(layout, dir, { soc: 'mp15' });
  const text = await readFile(layoutFile, 'utf8');
  await writeFile(path.join(dir, 'broken.tsv'), text.replace(/^P\t0x04\t/m, 'PX\t0x04\t'));
  served = await startServe(['--layout', layoutFile]);
});

test.afterAll(async () => {
  await served.stop();
  await removeTempDir(dir);
});

test('the layout given at start is shown: every partition, its base folder, ready to program', async ({
  page,
}) => {
  await page.goto(served.url);
  const table = page.getByRole('table', { name: 'Partitions' });
  await expect(table.locator('tbody tr.partition-row')).toHaveCount(partitionCount);
  await expect(page.getByText(dir, { exact: true })).toBeVisible();
  await expect(page.getByText('Ready to program.')).toBeVisible();
  await expect(table.getByRole('cell', { name: 'fsbl1', exact: true })).toBeVisible();
  // A browser has no native file dialog: Browse… lists the folders through the contract (browse-dialog.spec.ts).
  await expect(page.getByRole('button', { name: 'Browse…' })).toBeVisible();
});

test('a layout with errors shows each issue on its row, typed into the path field', async ({ page }) => {
  await page.goto(served.url);
  await page.getByLabel('Layout file').fill(path.join(dir, 'broken.tsv'));
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByText('This layout cannot be programmed until its errors are fixed.')).toBeVisible();
  const badRow = page.locator('tr.partition-row', { hasText: 'PX' });
  await expect(badRow.getByRole('cell', { name: 'Error' })).toBeVisible();
  const issueRow = badRow.locator('xpath=following-sibling::tr[1]');
  await expect(issueRow).toContainText('BAD_OPTION');
  await expect(issueRow).toContainText('invalid option');
  await page.screenshot({ path: 'e2e/artifacts/layout-errors-light.png', fullPage: true });
});

test.describe('the DK2 layout at 1280×800', () => {
  const dk2Fixture = 'stm32mp157c-dk2-sdcard-optee-partial.tsv';
  let dk2Dir: string;
  let dk2: ServedShell;
  // The partitions the fixture puts on mmc0, in address order.
  const onMmc0 = ['fsbl1', 'fsbl2', 'ssbl', 'teeh', 'teed', 'teex'];

  test.beforeAll(async () => {
    dk2Dir = await makeTempDir();
    const layoutFile = path.join(dk2Dir, dk2Fixture);
    await copyFile(path.join(fixturesDir, dk2Fixture), layoutFile);
    const { layout } = parseFlashLayout(await readFile(layoutFile));
    await writeLayoutImages(layout, dk2Dir, { soc: 'mp15' });
    dk2 = await startServe(['--layout', layoutFile]);
  });

  test.afterAll(async () => {
    await dk2.stop();
    await removeTempDir(dk2Dir);
  });

  test.use({ viewport: { width: 1280, height: 800 } });

  test('every partition row is one line high, and nothing spills out of the panel', async ({ page }) => {
    await page.goto(dk2.url);
    const rows = page.locator('table.partition-table tbody tr.partition-row');
    await expect(rows).toHaveCount(8);
    // One line of the table's text: the height of an Id cell's text ("0x04" cannot wrap).
    const oneLine = await rows
      .first()
      .locator('td')
      .nth(1)
      .evaluate((cell) => {
        const range = cell.ownerDocument.createRange();
        range.selectNodeContents(cell);
        return range.getBoundingClientRect().height;
      });
    expect(oneLine).toBeGreaterThan(8);
    for (const row of await rows.all()) {
      const box = await row.boundingBox();
      const name = await row.locator('td').nth(2).textContent();
      expect(
        box?.height ?? 0,
        `row ${name} is ${box?.height} px high, one line is ${oneLine} px`,
      ).toBeLessThan(oneLine * 2);
    }
    // The table fits its panel: no sideways scrolling at this size.
    const scroll = page.locator('.partition-table-scroll');
    const overflow = await scroll.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The binary names are shortened, never wrapped, and give their full path on hover.
    const binary = rows.filter({ hasText: 'teeh' }).locator('td.binary-cell');
    await expect(binary).toHaveAttribute(
      'title',
      path.join(dk2Dir, 'tee-header_v2-stm32mp157c-dk2-optee.stm32'),
    );
    await expect(binary).toContainText('optee.stm32');
  });

  test('the memory bar draws one segment per mmc0 partition, to scale, inside the panel', async ({
    page,
  }) => {
    await page.goto(dk2.url);
    const bar = page.getByRole('list', { name: 'mmc0, to scale' });
    const segments = bar.locator('li.segment-partition');
    await expect(segments).toHaveCount(onMmc0.length);
    await expect(segments.locator('.segment-name')).toHaveText(onMmc0);
    const barBox = await bar.boundingBox();
    const boxes = await Promise.all((await segments.all()).map((segment) => segment.boundingBox()));
    for (const box of boxes) {
      expect(box?.width ?? 0).toBeGreaterThan(4);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(
        (barBox?.x ?? 0) + (barBox?.width ?? 0) + 0.5,
      );
    }
    // ssbl (2 MiB) against fsbl1 (256 KiB): eight times as long on the memory, so on the bar.
    const [fsbl1, , ssbl] = boxes;
    const ratio = (ssbl?.width ?? 0) / (fsbl1?.width ?? 1);
    expect(ratio).toBeGreaterThan(6);
    expect(ratio).toBeLessThan(10);
    await expect(segments.nth(2)).toHaveAttribute(
      'title',
      /^ssbl at 0x00084400; size 2\.0 MiB \(2097152 bytes/,
    );
  });
});
