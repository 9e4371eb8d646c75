import { expect, type Page } from '@playwright/test';

export const DEMO_ADMIN = { email: 'admin@example.com', password: 'sandbox-admin-2026' };

export async function signIn(page: Page, email: string, password: string, next?: string) {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInAsAdmin(page: Page, next?: string) {
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password, next);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
