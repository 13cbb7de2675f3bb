// The demo page in a real browser: Debian's Chromium driven by playwright-core (no browser download).
// Usage: node browser.mjs <scenario> <url> <screenshotDir> [cookie=value ...]
//   rooms     two pages, each with its own cookie (pinned to a node), join a room and talk to each other
//   polling   a page forced to long-polling echoes and measures its latency
//   buttons   the disconnect and reconnect buttons
//   failover  a pinned page whose node stops: prints {"stop": node}, waits for a line on stdin, then
//             expects the page to reconnect to another node
// Prints one JSON object per line; the last is {"done": true}. Exits 1 on failure (with a screenshot).
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import path from 'node:path';

const [scenario, url, screenshotDir, ...cookieArgs] = process.argv.slice(2);
const cookies = cookieArgs.map((arg) => {
  const at = arg.indexOf('=');
  return { name: arg.slice(0, at), value: arg.slice(at + 1), url };
});
const TIMEOUT_MS = 15000;
const out = (obj) => console.log(JSON.stringify(obj));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const pages = [];

// A page in its own browser context (its own cookie jar), phone-sized when asked.
async function open(name, { cookie, query = '', phone = false } = {}) {
  const context = await browser.newContext(phone
    ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
    : { viewport: { width: 1200, height: 800 } });
  if (cookie) await context.addCookies([cookie]);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.errors = errors;
  page.label = name;
  pages.push(page);
  await page.goto(url + '/' + query);
  await connected(page);
  return page;
}

async function connected(page) {
  await page.waitForSelector('#state[data-state="connected"]');
  await page.waitForFunction(() => document.querySelector('#node').textContent.trim() !== '-');
}

const text = (page, selector) => page.locator(selector).innerText();

async function status(page) {
  return {
    page: page.label,
    state: await text(page, '#state'),
    transport: await text(page, '#transport'),
    node: await text(page, '#node'),
    latency: await text(page, '#latency'),
  };
}

async function submit(page, form, fields) {
  for (const [name, value] of Object.entries(fields)) {
    await page.fill(`#${form} [name="${name}"]`, value);
  }
  await page.click(`#${form} button`);
}

// Waits until the log shows an entry containing `needle`.
function logged(page, needle) {
  return page.waitForFunction(
    (n) => [...document.querySelectorAll('#log li')].some((li) => li.textContent.includes(n)),
    needle,
  );
}

async function screenshot(page, name) {
  const file = path.join(screenshotDir, `${scenario}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  out({ screenshot: file });
}

function nextStdinLine() {
  const lines = createInterface({ input: process.stdin });
  return new Promise((resolve) => lines.once('line', (line) => {
    lines.close();
    process.stdin.destroy();
    resolve(line);
  }));
}

const scenarios = {
  async rooms() {
    const a = await open('a', { cookie: cookies[0] });
    const b = await open('b', { cookie: cookies[1], phone: true });
    out({ status: await status(a) });
    out({ status: await status(b) });
    for (const page of [a, b]) {
      await submit(page, 'join', { room: 'e2e-room' });
      await logged(page, 'In rooms: [e2e-room]');
    }
    await submit(a, 'send_room', { room: 'e2e-room', data: 'hello from page a' });
    await logged(b, 'hello from page a');
    await submit(b, 'send_room', { room: 'e2e-room', data: 'hello from page b' });
    await logged(a, 'hello from page b');
    await logged(a, 'hello from page a');
    // each page still shows its own node, not the node of the last message's sender
    out({ final: await status(a) });
    out({ final: await status(b) });
    await screenshot(a, 'page-a');
    await screenshot(b, 'page-b-phone');
  },

  async polling() {
    const page = await open('polling', { query: '?transports=polling' });
    await submit(page, 'emit', { data: 'echo over long-polling' });
    await logged(page, 'echo over long-polling');
    await page.waitForFunction(() => /\d+ ms/.test(document.querySelector('#latency').textContent));
    out({ status: await status(page) });
    await screenshot(page, 'page');
  },

  async buttons() {
    const page = await open('buttons');
    await page.click('#disconnect');
    await page.waitForSelector('#state[data-state="disconnected"]');
    await logged(page, 'Disconnected!');
    out({ status: await status(page) });
    await page.click('#reconnect');
    await page.waitForSelector('#state[data-state="connected"]');
    out({ status: await status(page) });
    await screenshot(page, 'page');
  },

  async failover() {
    const page = await open('failover', { cookie: cookies[0] });
    const before = await status(page);
    out({ status: before });
    out({ stop: before.node });
    await nextStdinLine();
    await page.waitForFunction(
      (old) => document.querySelector('#state').dataset.state === 'connected'
        && !['-', old].includes(document.querySelector('#node').textContent.trim()),
      before.node,
      { timeout: 30000 },
    );
    out({ status: await status(page) });
    await screenshot(page, 'page');
  },
};

try {
  if (!scenarios[scenario]) throw new Error('unknown scenario ' + scenario);
  await scenarios[scenario]();
  for (const page of pages) {
    if (page.errors.length) throw new Error(`errors on page ${page.label}: ${page.errors.join('; ')}`);
  }
  out({ done: true });
  await browser.close();
  process.exit(0);
} catch (err) {
  out({ error: String(err && err.stack || err) });
  for (const page of pages) {
    await page.screenshot({ path: path.join(screenshotDir, `${scenario}-${page.label}-failure.png`) }).catch(() => {});
  }
  await browser.close();
  process.exit(1);
}
