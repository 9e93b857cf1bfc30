// Exercises chat.html in headless Chromium against a real realtime server and saves a screenshot of two users
// chatting. It fails (exit 1) when either page does not see the other's message, typing or presence, when
// alice's page, whose first token lives only a few seconds, does not renew it in band and stay connected, when
// bob's page does not show the messages sent during a network drop once and in order after reconnecting, or when
// a page opened later does not show the room's recent history.
//
//   cd examples/browser && npm ci && node screenshot.mjs [OUTPUT.png]
//
// Needs: the built jar (mvn -B package -DskipTests), Java 17, and Chromium (Debian: apt-get install chromium;
// another binary with CHROMIUM=/path/to/chrome). The default output is docs/chat-screenshot.png.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const output = path.resolve(process.argv[2] ?? path.join(repo, 'docs', 'chat-screenshot.png'));
const jar = process.env.REALTIME_JAR ?? path.join(repo, 'realtime-standalone', 'target', 'realtime-standalone.jar');
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WAIT_MS = 20_000;

// alice's first token expires this soon; the server warns this long before expiry, so she renews at once
const SHORT_TOKEN_SECONDS = 15;
const EXPIRY_WARNING_MS = 12_000;

/** An HS256 token for {@code sub}, signed with the server's secret, valid for {@code seconds}. */
function token(secret, sub, seconds = 600) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64({ sub, iat: now, exp: now + seconds });
  return unsigned + '.' + createHmac('sha256', secret).update(unsigned).digest('base64url');
}

/**
 * Serves chat.html, the socket.io client next to it, a page showing two chat windows side by side, and
 * /token?user=NAME, standing in for the backend that hands a signed-in user a fresh token.
 */
async function startStaticServer(duo, secret) {
  const files = {
    '/chat.html': ['text/html', await readFile(path.join(here, 'chat.html'))],
    '/socket.io.min.js': ['text/javascript',
      await readFile(path.join(here, 'node_modules', 'socket.io-client', 'dist', 'socket.io.min.js'))],
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/token') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(token(secret, url.searchParams.get('user')));
      return;
    }
    if (url.pathname === '/duo.html') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(duo(url.searchParams));
      return;
    }
    const file = files[url.pathname];
    res.writeHead(file ? 200 : 404, { 'Content-Type': file ? file[0] : 'text/plain' });
    res.end(file ? file[1] : 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Starts the standalone server on free ports; resolves with its WebSocket port once it is ready. */
function startRealtime(secret, origin) {
  const child = spawn('java', ['-jar', jar, 'serve'], {
    env: { ...process.env, REALTIME_HOST: '127.0.0.1', REALTIME_PORT: '0', REALTIME_HTTP_PORT: '0',
      REALTIME_JWT_SECRET: secret, REALTIME_ROOMS: 'general', REALTIME_CORS_ORIGIN: origin,
      REALTIME_TOKEN_EXPIRY_WARNING: String(EXPIRY_WARNING_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error('server not ready:\n' + log)), 60_000);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
    child.stdout.on('data', (chunk) => {
      log += chunk;
      const ready = /realtime ready: WebSocket port (\d+)/.exec(log);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, port: Number(ready[1]) });
      }
    });
  });
}

async function main() {
  const secret = randomBytes(32).toString('hex');
  const duo = (q) => `<!doctype html><html><head><style>
      body{margin:0;display:flex;gap:8px;padding:8px;background:#d1d5db;font:13px system-ui}
      iframe{flex:1;height:480px;border:0;border-radius:8px;background:#fff;box-shadow:0 1px 3px #0003}
    </style></head><body>
      <iframe name="alice" src="/chat.html?server=${q.get('server')}&room=general&token=${q.get('alice')}&tokenUrl=%2Ftoken%3Fuser%3Dalice"></iframe>
      <iframe name="bob" src="/chat.html?server=${q.get('server')}&room=general&token=${q.get('bob')}"></iframe>
    </body></html>`;
  const web = await startStaticServer(duo, secret);
  const origin = `http://127.0.0.1:${web.address().port}`;
  const realtime = await startRealtime(secret, origin);
  let browser;
  try {
    // launched inside try: when Chromium cannot start, the server is still stopped below
    browser = await puppeteer.launch({ executablePath: chromium, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 496 });
    const server = encodeURIComponent(`http://127.0.0.1:${realtime.port}`);
    const aliceExpiresAt = Date.now() + SHORT_TOKEN_SECONDS * 1000;
    const aliceToken = token(secret, 'alice', SHORT_TOKEN_SECONDS);
    await page.goto(`${origin}/duo.html?server=${server}&alice=${aliceToken}&bob=${token(secret, 'bob')}`);
    const frame = (name) => page.frames().find((f) => f.name() === name);
    const alice = frame('alice');
    const bob = frame('bob');
    const until = (f, fn, arg) => f.waitForFunction(fn, { timeout: WAIT_MS }, arg);

    await until(alice, () => document.getElementById('app').classList.contains('on'));
    await until(bob, () => document.getElementById('app').classList.contains('on'));
    await until(alice, () => document.getElementById('people').textContent.includes('bob'));

    const say = async (f, words) => {
      await f.type('#text', words);
      await f.$eval('#send', (form) => form.requestSubmit());
    };
    await say(alice, 'Hi Bob! Version 2.4 is deployed.');
    await until(bob, (t) => document.getElementById('messages').textContent.includes(t), 'Version 2.4 is deployed');
    await say(bob, 'Great, I will check the dashboards.');
    await until(alice, (t) => document.getElementById('messages').textContent.includes(t), 'check the dashboards');
    await bob.select('#status', 'busy');
    await until(alice, () => document.querySelector('#people .dot.busy') !== null);
    // alice's page was warned about her short first token and renewed it over the open connection
    await until(alice, () => document.getElementById('messages').textContent.includes('session renewed until'));
    await until(alice, (t) => Date.now() > t, aliceExpiresAt + 2_000);
    const aliceState = await alice.$eval('#state', (s) => s.textContent);
    if (aliceState !== 'connected') {
      throw new Error('alice was disconnected after her first token expired: ' + aliceState);
    }
    await say(alice, 'Still here after my first token expired.');
    await until(bob, (t) => document.getElementById('messages').textContent.includes(t), 'first token expired');
    await alice.type('#text', 'Thanks, ping me if');
    await until(bob, () => document.getElementById('typing').textContent.includes('alice is typing'));

    await page.screenshot({ path: output });

    // A network drop: bob's connection closes and comes back 3 s later, meanwhile alice writes. The server
    // recovers his socket (connection state recovery): the missed messages appear once and in order.
    await bob.evaluate(() => {
      socket.io.reconnectionDelay(3000).reconnectionDelayMax(3000).randomizationFactor(0);
      socket.io.engine.close();
    });
    await until(bob, () => document.getElementById('state').textContent.startsWith('disconnected'));
    await alice.$eval('#text', (input) => { input.value = ''; }); // the draft of the screenshot
    for (const words of ['missed one', 'missed two', 'missed three']) {
      await say(alice, words);
      await until(alice, (t) => document.getElementById('messages').textContent.includes(t), words);
    }
    await until(bob, () => document.getElementById('messages').textContent.includes('reconnected; anything missed'));
    await until(bob, () => document.getElementById('messages').textContent.includes('missed three'));
    const bobMissed = await bob.$$eval('#messages li:not(.system)', (items) =>
      items.map((li) => li.children[1].textContent).filter((t) => t.startsWith('missed')));
    if (bobMissed.join('|') !== 'missed one|missed two|missed three') {
      throw new Error('bob did not get the missed messages once and in order: ' + bobMissed.join('|'));
    }

    // A page loaded later shows the room's recent history.
    const carol = await browser.newPage();
    await carol.goto(`${origin}/chat.html?server=${server}&room=general&token=${token(secret, 'carol')}`);
    await carol.waitForFunction((t) => document.getElementById('messages').textContent.includes(t),
      { timeout: WAIT_MS }, 'Version 2.4 is deployed');
    console.log(`chat page OK: messages, typing and presence seen on both sides, a token renewed in band, `
      + `missed messages recovered after a network drop, history shown on load; screenshot ${output}`);
  } finally {
    if (browser) {
      await browser.close();
    }
    realtime.child.removeAllListeners('exit');
    realtime.child.kill('SIGTERM');
    web.close();
  }
}

main().catch((err) => {
  console.error('chat page check failed:', err.message);
  process.exit(1);
});
