// The web console, end to end, in headless Chromium: what a person does with it, step by step,
// with a screenshot of each page. Usage: node console.e2e.mjs <base URL> <API key> <screenshot folder>
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const [base, key, shots] = process.argv.slice(2);
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });
const files = join(tmpdir(), 'dossier-console-' + process.pid);
mkdirSync(files, { recursive: true });

/** What sticks out past the right edge of a narrow window, to say why a page does not fit. */
const overflowing = () => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')
    + (e.getAttribute('aria-label') ? '[' + e.getAttribute('aria-label') + ']' : '') + ' '
    + Math.round(e.getBoundingClientRect().right)).join(', ');

function check(condition, message) {
  if (!condition) throw new Error('check failed: ' + message);
  console.log('ok: ' + message);
}

/** A small valid PDF whose page shows the text (so that text extraction finds its words). */
function pdf(text) {
  const stream = `BT /F1 24 Tf 72 700 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${body}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
    + offsets.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('')
    + `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const big = join(files, 'scan-50mib.bin');
writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 7));
const report = pdf('Quarterly zebracorn migration report');
const second = join(files, 'notes-v2.txt');
writeFileSync(second, 'the second version, plain text\n');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
let step = 0;
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(30000);
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
const shot = async (name) => {
  step += 1;
  await page.screenshot({ path: join(shots, String(step).padStart(2, '0') + '-' + name + '.png'), fullPage: true });
};

try {
  // Sign in.
  await page.goto(base + '/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await shot('sign-in');
  await page.getByLabel('API key or bearer token').fill('not-a-key-of-anyone-0123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Not signed in' }).waitFor();
  await page.getByLabel('API key or bearer token').fill(key);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Documents', exact: true }).waitFor();
  check(await page.evaluate(() => sessionStorage.getItem('dossier.credential') !== null
    && localStorage.length === 0), 'the credential is kept for this tab only');
  await shot('documents');

  // A 50 MiB upload with a progress bar that moves with the bytes (the line slowed, so that it can be seen).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1,
    uploadThroughput: 25 * 1024 * 1024 });
  await page.evaluate(() => {
    window.progressSeen = [];
    new MutationObserver((changes) => {
      for (const c of changes) {
        if (c.target.tagName === 'PROGRESS') window.progressSeen.push(Number(c.target.getAttribute('value')));
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value'] });
  });
  await page.setInputFiles('#files', big);
  const bigItem = page.locator('.uploads li', { hasText: 'scan-50mib.bin' });
  await page.waitForFunction(() => window.progressSeen.some((v) => v > 0 && v < 100));
  await shot('upload-in-progress');
  await bigItem.locator('.state', { hasText: 'uploaded' }).waitFor({ timeout: 180000 });
  const seen = await page.evaluate(() => window.progressSeen);
  check(seen.filter((v) => v > 0 && v < 100).length >= 2, 'the bar passed intermediate values: ' + seen.slice(0, 12));
  check(seen[seen.length - 1] === 100, 'the bar ends at 100');
  check(/straight to the store/.test(await bigItem.locator('.state').textContent()),
    'the large file went straight to the store through the presigned form');
  await page.getByRole('link', { name: 'scan-50mib.bin' }).waitFor();
  check(await page.getByRole('link', { name: 'scan-50mib.bin' }).count() === 1, 'the upload made one document');

  // Cancel: a second large upload stopped halfway leaves no document.
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1,
    uploadThroughput: 2 * 1024 * 1024 });
  await page.evaluate(() => { window.progressSeen = []; });
  await page.setInputFiles('#files', { name: 'cancelled.bin', mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(20 * 1024 * 1024, 1) });
  await page.waitForFunction(() => window.progressSeen.some((v) => v > 0));
  await page.locator('.uploads li', { hasText: 'cancelled.bin' }).getByRole('button', { name: 'Cancel' }).click();
  await page.locator('.uploads li', { hasText: 'cancelled.bin' }).locator('.state', { hasText: 'cancelled' }).waitFor();
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1,
    uploadThroughput: -1 });

  // Several files at once: the PDF, and one the API refuses (its bytes are not the PNG its name says).
  await page.setInputFiles('#files', [{ name: 'zebra-report.pdf', mimeType: 'application/pdf', buffer: report },
    { name: 'fake.png', mimeType: 'image/png',
    buffer: Buffer.from('this is not a png at all') }]);
  await page.locator('.uploads li', { hasText: 'zebra-report.pdf' }).locator('.state', { hasText: 'uploaded' }).waitFor();
  const refused = page.locator('.uploads li', { hasText: 'fake.png' }).locator('.state.bad');
  await refused.waitFor();
  check(/refused: .*png/i.test(await refused.textContent()), 'a refused file shows the API\'s reason: '
    + await refused.textContent());
  await shot('uploads-done');
  // The empty document a cancelled upload made is deleted in the background: the list is asked again.
  let leftOver = -1;
  for (let i = 0; i < 20 && leftOver !== 0; i++) {
    if (i > 0) await page.waitForTimeout(500);
    await page.reload();
    await page.getByRole('link', { name: 'zebra-report.pdf' }).waitFor();
    leftOver = await page.getByRole('link', { name: 'cancelled.bin' }).count();
  }
  check(leftOver === 0, 'a cancelled upload made no document');

  // Find the PDF by a word of its text (extracted after the upload: asked again until it is there).
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    await page.getByLabel('Search').fill('zebracorn');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: /Results/ }).waitFor();
    found = (await page.locator('.hits li', { hasText: 'zebra-report.pdf' }).count()) > 0;
    if (!found) await page.waitForTimeout(1000);
  }
  check(found, 'the PDF is found by a word of its text');
  check(/zebracorn/i.test(await page.locator('.hits mark').first().textContent()), 'the word is highlighted');
  await shot('search');

  // The document page.
  await page.locator('.hits').getByRole('link', { name: 'zebra-report.pdf' }).click();
  await page.getByRole('heading', { name: 'zebra-report.pdf' }).waitFor();
  const sha = createHash('sha256').update(report).digest('hex');
  await page.getByText(sha).first().waitFor();
  check(true, 'the page shows the SHA-256 of the uploaded bytes');
  await page.locator('pre.preview', { hasText: 'zebracorn' }).waitFor();
  check(true, 'the text rendition is previewed');
  await shot('document');

  // Version 2, then version 1 restored (after a confirmation).
  await page.setInputFiles('#version-file', second);
  await page.getByRole('cell', { name: 'notes-v2.txt' }).waitFor();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('row').filter({ has: page.getByRole('cell', { name: '1', exact: true }) })
    .getByRole('button', { name: 'Restore' }).click();
  await page.getByText('(restored from 1)').waitFor();
  check(await page.getByRole('cell', { name: '3', exact: true }).count() === 1, 'version 3 is the restored one');

  // A tag.
  await page.getByLabel('Tag name').fill('reviewed');
  await page.getByLabel('State', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await page.getByRole('cell', { name: 'reviewed' }).waitFor();
  await shot('versions-and-tags');

  // A public link, opened in a fresh browser context without credentials.
  await page.getByRole('button', { name: 'Make public' }).click();
  await page.getByRole('button', { name: 'Create link' }).click();
  const link = await page.getByLabel('Public link', { exact: true }).inputValue();
  check(link.includes('/v1/public/'), 'a public link: ' + link.slice(0, 60) + '…');
  await shot('public-link');
  const anonymous = await browser.newContext();
  const response = await anonymous.request.get(link);
  const body = await response.body();
  check(response.status() === 200 && body.subarray(0, 5).toString('latin1') === '%PDF-',
    'the link answers the current content (the restored PDF) without credentials');
  await anonymous.close();

  // Narrow screens.
  await page.setViewportSize({ width: 360, height: 800 });
  await shot('document-360px');
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'the page fits 360 px'
    + ' (wider: ' + await page.evaluate(overflowing) + ')');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Delete (after a confirmation) into the trash, restore it from there, and delete it again.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete document' }).click();
  await page.getByRole('heading', { name: 'Documents', exact: true }).waitFor();
  await page.getByRole('link', { name: 'scan-50mib.bin' }).waitFor();
  check((await page.getByRole('link', { name: 'zebra-report.pdf' }).count()) === 0, 'the deleted document is gone');
  await page.getByRole('link', { name: 'Trash' }).click();
  await page.getByRole('heading', { name: 'Trash' }).waitFor();
  const inTrash = page.getByRole('row').filter({ hasText: 'zebra-report.pdf' });
  await inTrash.waitFor();
  await shot('trash');
  await inTrash.getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('heading', { name: 'zebra-report.pdf' }).waitFor();
  check(await page.getByRole('cell', { name: '3', exact: true }).count() === 1, 'restored from the trash with its versions');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete document' }).click();
  await page.getByRole('heading', { name: 'Documents', exact: true }).waitFor();
  await page.getByRole('link', { name: 'scan-50mib.bin' }).waitFor();
  check((await page.getByRole('link', { name: 'zebra-report.pdf' }).count()) === 0, 'deleted again, it is gone');
  await page.setViewportSize({ width: 360, height: 800 });
  await shot('documents-360px');
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'the list fits 360 px'
    + ' (wider: ' + await page.evaluate(overflowing) + ')');
  check(pageErrors.length === 0, 'no script error: ' + pageErrors.join('; '));
} catch (e) {
  await shot('failure').catch(() => {});
  console.error(e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
