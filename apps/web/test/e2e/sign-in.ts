import type { Page } from 'playwright-core';
import { admin } from './harness';

/**
 * Signs in through the page, as a person does, and waits for the app: the one way every
 * browser test starts. The session cookie then stays with the page's browser context.
 */
export async function signIn(page: Page, baseUrl: string, account = admin): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(account.email);
  await form.getByLabel('Password').fill(account.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
