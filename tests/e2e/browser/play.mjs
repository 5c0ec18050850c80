// Plays an HLS playlist with hls.js in Debian's Chromium (headless) and
// prints one JSON object: {currentTime, target, reached, errors, tracks,
// videoWidth, videoHeight, timedOut}. Usage:
//   node play.mjs <page-url> <seconds> <timeout-ms>
// The page (served by the Go test harness) defines window.__state.
import { chromium } from 'playwright-core';

const [url, secondsArg, timeoutArg] = process.argv.slice(2);
const seconds = Number(secondsArg || '2');
const timeoutMs = Number(timeoutArg || '30000');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--autoplay-policy=no-user-gesture-required'],
});
let out;
try {
  const page = await browser.newPage();
  const console_ = [];
  page.on('console', (m) => console_.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => console_.push(`pageerror: ${e.message}`));
  await page.goto(`${url}?target=${seconds}`);
  let timedOut = false;
  try {
    await page.waitForFunction(() => window.__state && window.__state.done, null, { timeout: timeoutMs, polling: 100 });
  } catch (e) {
    timedOut = true;
  }
  const state = await page.evaluate(() => window.__state || null);
  out = { ...(state || {}), timedOut, console: console_.slice(-20) };
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + '\n');
