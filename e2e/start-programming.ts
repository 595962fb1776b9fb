import { expect, type Page } from '@playwright/test';

/** Presses Program on a ready layout and agrees to erase the SD card (mmc0), as a person does. */
export async function startProgramming(page: Page): Promise<void> {
  await expect(page.getByText('Ready to program.')).toBeVisible();
  await page.getByRole('button', { name: 'Program', exact: true }).click();
  await page
    .getByRole('alertdialog', { name: 'Erase mmc0?' })
    .getByRole('button', { name: 'Erase and program' })
    .click();
}
