import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { serverAndBrowserFor, signedInPage, signIn, signInCookie, TEST_PASSWORD } from './accounts';

/** Accounts managed in the browser: the national administrator's page, and everyone's own password page. */
const { server, browser } = serverAndBrowserFor([
	{ username: 'admin', role: 'admin', scope: 'ID' },
	{ username: 'admin-ktb', role: 'admin', scope: '63.02' }
]);

/** The first password the page shows once after a create or a reset. */
const shownPassword = async (page: Page) => (await page.locator('code.password').textContent())!.trim();

async function createAccount(page: Page, fields: { username: string; role: string; agency?: string; scope: string }): Promise<void> {
	const form = page.locator('form[action="?/create"]');
	await form.getByLabel('Nama pengguna').fill(fields.username);
	await form.getByLabel('Peran').selectOption({ label: fields.role });
	await form.getByLabel(/^Dinas/).selectOption({ label: fields.agency ?? '— bukan petugas dinas —' });
	await form.getByLabel('Cakupan wilayah').fill(fields.scope);
	await form.getByRole('button', { name: 'Buat akun' }).click();
}

it('lets the national administrator create an agency officer whose first password, shown once, signs in', async () => {
	const page = await signedInPage(browser(), server().url, 'admin');
	await page.goto(server().url + '/admin');
	// The scope field offers regions from the region master as the administrator types.
	await page.getByLabel('Cakupan wilayah').pressSequentially('Kotabaru');
	await expect.poll(() => page.locator('#scope-options option[value="63.02"]').count()).toBe(1);
	await createAccount(page, { username: 'dinsos.ktb', role: 'Petugas dinas', agency: 'Dinas Sosial', scope: '63.02' });
	await page.getByText('Akun dinsos.ktb dibuat.').waitFor();
	const first = await shownPassword(page);
	expect(first).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
	const row = page.getByRole('row', { name: /dinsos\.ktb/ });
	expect(await row.textContent()).toMatch(/Petugas dinas · Dinas Sosial.*Kabupaten Kotabaru.*Aktif/);
	// Shown once: the page reloaded shows it no more.
	await page.reload();
	expect(await page.getByText(first).count()).toBe(0);

	const officer = await browser().newPage();
	await signIn(officer, server().url, 'dinsos.ktb', first);
	expect(await officer.getByRole('link', { name: /Akun: dinsos\.ktb · Petugas dinas · Kabupaten Kotabaru/ }).count()).toBe(1);
	await officer.context().close();
	await page.context().close();
});

it('explains on the form what is wrong with a new account, keeping what was typed', async () => {
	const page = await signedInPage(browser(), server().url, 'admin');
	await page.goto(server().url + '/admin');
	await createAccount(page, { username: 'petugas', role: 'Petugas dinas', scope: '99.99' });
	const alert = page.getByRole('alert');
	await alert.waitFor();
	expect(await alert.textContent()).toContain('Petugas dinas memerlukan dinas');
	expect(await alert.textContent()).toContain('Cakupan wilayah: pilih wilayah');
	expect(await page.getByLabel('Nama pengguna').inputValue()).toBe('petugas');
	await createAccount(page, { username: 'admin', role: 'Pimpinan (lihat saja)', scope: '63.02' });
	await page.getByText('Nama pengguna itu sudah dipakai.').waitFor();
	await page.context().close();
});

it('disables an account, which ends its session at once, enables it again, and resets its password', async () => {
	const page = await signedInPage(browser(), server().url, 'admin');
	await page.goto(server().url + '/admin');
	await createAccount(page, { username: 'bupati', role: 'Pimpinan (lihat saja)', scope: '63.02' });
	await page.getByText('Akun bupati dibuat.').waitFor();
	const first = await shownPassword(page);
	const regent = await signInCookie(server().url, 'bupati', first);

	await page.getByRole('button', { name: 'Nonaktifkan: bupati' }).click();
	await page.getByText('Akun bupati dinonaktifkan; sesinya telah diakhiri.').waitFor();
	expect(await page.getByRole('row', { name: /bupati/ }).textContent()).toContain('Nonaktif');
	const after = await fetch(server().url + '/ringkasan/63.02', { redirect: 'manual', headers: { cookie: regent } });
	expect(after.status).toBe(303);
	await expect(signInCookie(server().url, 'bupati', first)).rejects.toThrow(/HTTP 400/);

	await page.getByRole('button', { name: 'Aktifkan: bupati' }).click();
	await page.getByText('Akun bupati diaktifkan kembali.').waitFor();
	const again = await signInCookie(server().url, 'bupati', first);

	await page.getByRole('button', { name: 'Atur ulang kata sandi: bupati' }).click();
	await page.getByText('Kata sandi bupati diatur ulang').waitFor();
	const reset = await shownPassword(page);
	expect(reset).not.toBe(first);
	expect((await fetch(server().url + '/ringkasan/63.02', { redirect: 'manual', headers: { cookie: again } })).status).toBe(303);
	await expect(signInCookie(server().url, 'bupati', first)).rejects.toThrow(/HTTP 400/);
	expect(await signInCookie(server().url, 'bupati', reset)).toMatch(/^__Host-tepat_session=/);

	// The administrator's own row offers no button that would lock them out.
	expect(await page.getByRole('button', { name: /: admin$/ }).count()).toBe(0);
	await page.context().close();
});

it('lets everyone change their own password after typing the current one', async () => {
	const page = await signedInPage(browser(), server().url, 'admin-ktb');
	await page.goto(server().url + '/');
	await page.getByRole('link', { name: /^Akun: admin-ktb/ }).click();
	await page.waitForURL(/\/akun$/);
	const change = async (current: string, next: string, again = next) => {
		await page.getByLabel('Kata sandi sekarang').fill(current);
		await page.getByLabel('Kata sandi baru', { exact: true }).fill(next);
		await page.getByLabel('Ulangi kata sandi baru').fill(again);
		await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
	};
	await change('bukan-kata-sandinya', 'kata-sandi-baru-kotabaru');
	expect(await page.getByRole('alert').textContent()).toBe('Kata sandi sekarang salah.');
	await change(TEST_PASSWORD, 'kata-sandi-baru-kotabaru', 'kata-sandi-lain-kotabaru');
	// The alert of the first try is still on the page until this answer replaces it: wait for the new text.
	await expect.poll(() => page.getByRole('alert').textContent()).toBe('Kedua isian kata sandi baru tidak sama.');
	await change(TEST_PASSWORD, 'kata-sandi-baru-kotabaru');
	await page.getByRole('status').filter({ hasText: 'Kata sandi diganti' }).waitFor();
	// The session in use stays; the old password no longer signs in, the new one does.
	await page.goto(server().url + '/akun');
	expect(page.url()).toMatch(/\/akun$/);
	await expect(signInCookie(server().url, 'admin-ktb')).rejects.toThrow(/HTTP 400/);
	expect(await signInCookie(server().url, 'admin-ktb', 'kata-sandi-baru-kotabaru')).toMatch(/^__Host-tepat_session=/);
	await page.context().close();
});

it('keeps accounts to the national administrator and writes every change to the audit log', async () => {
	const regional = await signInCookie(server().url, 'admin-ktb', 'kata-sandi-baru-kotabaru');
	const post = await fetch(server().url + '/admin?/create', {
		method: 'POST',
		redirect: 'manual',
		headers: { cookie: regional, origin: server().url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams({ username: 'siluman', role: 'admin', scope: 'ID' })
	});
	expect(post.status).toBe(403);

	const page = await signedInPage(browser(), server().url, 'admin');
	await page.goto(server().url + '/admin/audit');
	const actions = await page.locator('tbody tr td:nth-child(4)').allTextContents();
	expect(new Set(actions)).toEqual(new Set(['account.create', 'account.disable', 'account.enable', 'account.reset', 'account.password']));
	expect(await page.getByRole('status').textContent()).toMatch(/Rantai hash utuh/);
	expect(await page.locator('tbody').textContent()).not.toContain('siluman');
	await page.context().close();
});
