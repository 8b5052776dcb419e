import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// The other two engines, offline: a remote OpenAI-compatible server (a tiny local one started by
// this test, streaming SSE) and web-llm's feature check on SwiftShader (no shader-f16).

let remotePort = 0; // chosen by the OS, so parallel runs never collide
let server: Server;
let requests: { path: string; body: any }[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type, authorization');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      requests.push({ path: req.url ?? '', body: body ? JSON.parse(body) : null });
      if (req.url === '/v1/models') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'echo-1' }] }));
      if (req.url === '/v1/chat/completions') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const word of ['The ', 'sky ', 'is ', 'blue.']) {
          // One event split across two writes: the parser must join them.
          const event = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })}\n\n`;
          res.write(event.slice(0, 10));
          await new Promise((r) => setTimeout(r, 30));
          res.write(event.slice(10));
        }
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 7 } })}\n\n`);
        return res.end('data: [DONE]\n\n');
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  remotePort = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise((r) => server.close(r));
});

test.beforeEach(async ({ page }) => {
  requests = [];
  await page.context().route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  await page.goto('/#/dashboard');
  const toggle = page.getByTestId('auto-tuning');
  if (await toggle.count()) await toggle.uncheck();
});

async function addServer(page: Page, name: string, url: string) {
  await page.goto('/#/models');
  await page.getByLabel('Server name').fill(name);
  await page.getByLabel('Server URL').fill(url);
  await page.getByLabel('Server model').fill('echo-1');
  await page.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByTestId('models-message')).toContainText('Added the server');
}

test('a remote OpenAI-compatible server answers as a council member (SSE stream)', async ({ page }) => {
  await addServer(page, 'Local echo server', `http://127.0.0.1:${remotePort}`);
  await page.goto('/#/council');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Local echo server' });
  await page.getByLabel('Size', { exact: true }).fill('1');
  await page.getByRole('button', { name: /Start council|Replace council/ }).click();
  const member = page.locator('article.member[data-state="idle"]');
  await expect(member).toHaveCount(1);
  await expect(member).toContainText('remote');
  await page.getByRole('button', { name: 'Ask the council' }).click();
  await expect(page.getByTestId('consensus-text')).toHaveText('The sky is blue.');
  const chat = requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!;
  expect(chat.body).toMatchObject({ model: 'echo-1', stream: true, messages: [{ role: 'user' }] });
  const answer = await page.evaluate(() => (window as any).__wfCouncil.lastAnswer);
  expect(answer.answers[0].tokenTimes).toHaveLength(4);
});

test('an unreachable server fails its member in words', async ({ page }) => {
  await addServer(page, 'Nobody home', 'http://127.0.0.1:9'); // discard port: nothing listens
  await page.goto('/#/council');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Nobody home' });
  await page.getByLabel('Size', { exact: true }).fill('1');
  await page.getByRole('button', { name: /Start council|Replace council/ }).click();
  const failed = page.locator('article.member[data-state="failed"]');
  await expect(failed).toHaveCount(1);
  await expect(failed.getByRole('alert')).toContainText('could not be reached');
});

test('a web-llm f16 model is refused before any download when the GPU lacks shader-f16', async ({ page }) => {
  const hasF16 = await page.evaluate(async () => !!(await (navigator as any).gpu?.requestAdapter())?.features.has('shader-f16'));
  test.skip(hasF16, 'this GPU has shader-f16');
  const downloads: string[] = [];
  page.on('request', (r) => {
    if (/huggingface|raw\.githubusercontent/.test(r.url())) downloads.push(r.url());
  });
  await page.goto('/#/models');
  await page.getByLabel('Model to load').selectOption('Llama-3.2-1B-Instruct-q4f16_1-MLC');
  await page.getByRole('button', { name: 'Download and check' }).click();
  const job = page.getByTestId('load-job').first();
  await expect(job).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(job.getByRole('alert')).toContainText('needs the WebGPU feature "shader-f16"');
  expect(downloads).toEqual([]);
});

test('a model that emits broken UTF-8 never crashes its member', async ({ page }) => {
  await page.goto('/#/council');
  await page.getByLabel('Model', { exact: true }).selectOption('generated:wirthforge-utf8');
  await page.getByLabel('Size', { exact: true }).fill('1');
  await page.getByRole('button', { name: /Start council|Replace council/ }).click();
  await expect(page.locator('article.member[data-state="idle"]')).toHaveCount(1, { timeout: 60_000 });
  const notes: string[] = [];
  for (let i = 0; i < 3; i++) {
    await page.getByLabel('max tokens').fill('200');
    await page.getByLabel(/exactly that many/).check();
    await page.getByRole('button', { name: 'Ask the council' }).click();
    await expect(page.getByRole('button', { name: 'Ask the council' })).toBeEnabled({ timeout: 60_000 });
    const answer = await page.evaluate(() => (window as any).__wfCouncil.lastAnswer);
    expect(answer.failures).toEqual([]);
    expect(answer.answers[0].completionTokens).toBeGreaterThan(0);
    if (answer.answers[0].note) {
      notes.push(answer.answers[0].note);
      await expect(page.getByTestId('answer-notes')).toContainText('not valid UTF-8'); // said in words
    }
  }
  // The broken bytes did happen, and were survived (the answer was kept, the engine restarted itself).
  expect(notes.length).toBeGreaterThan(0);
  expect(notes[0]).toContain('not valid UTF-8');
  await expect(page.locator('article.member[data-state="idle"]')).toHaveCount(1);
});
