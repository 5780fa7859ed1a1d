// One server under test, in its own process so the load generator does not share its event loop.
// Usage: bench-server.ts upstream | bare <upstreamUrl> | ratelab <upstreamUrl> | ratelab-no-view <upstreamUrl>
import { createServer } from 'node:http';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';
import { LineBatcher } from '../proxy/cli/line-batcher';
import { formatRequestLine } from '../proxy/cli/request-line';
import { RateLab } from '../proxy/server/ratelab-server';
import { TRAFFIC_VIEW_CONSUMERS } from '../proxy/server/request-consumers';

const [kind, upstreamUrl] = process.argv.slice(2);

const CHAT = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'A short benchmark answer of a few words.' }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 25, completion_tokens: 10, total_tokens: 35 },
});
const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: null }], usage: null })}\n\n`;
const SSE = [
  ...Array.from({ length: 20 }, (_, i) => chunk(` word${i}`)),
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 25, completion_tokens: 20, total_tokens: 45 } })}\n\n`,
  'data: [DONE]\n\n',
];
const LIMIT_HEADERS = {
  'x-ratelimit-limit-requests': '10000',
  'x-ratelimit-remaining-requests': '9999',
  'x-ratelimit-reset-requests': '6ms',
  'x-ratelimit-limit-tokens': '30000000',
  'x-ratelimit-remaining-tokens': '29999950',
  'x-ratelimit-reset-tokens': '0s',
  'x-request-id': 'req_0123456789abcdef0123456789abcdef',
};

function ready(port: number): void {
  process.stdout.write(`http://127.0.0.1:${port}\n`);
}

async function main(): Promise<void> {
  if (kind === 'upstream') {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.startsWith('/v1/sse')) {
          res.writeHead(200, { ...LIMIT_HEADERS, 'content-type': 'text/event-stream; charset=utf-8' });
          for (const c of SSE) res.write(c);
          res.end();
        } else {
          res.writeHead(200, { ...LIMIT_HEADERS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(CHAT) });
          res.end(CHAT);
        }
      });
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => ready((server.address() as AddressInfo).port));
  } else if (kind === 'bare') {
    const proxy = httpProxy.createProxyServer({ target: upstreamUrl, agent: new Agent({ keepAlive: true, maxSockets: 256 }), changeOrigin: true });
    proxy.on('error', (_e, _req, res) => (res as import('node:http').ServerResponse).destroy());
    const server = createServer((req, res) => proxy.web(req, res));
    server.listen(0, '127.0.0.1', () => ready((server.address() as AddressInfo).port));
  } else if (kind === 'ratelab' || kind === 'ratelab-no-view') {
    const lab = new RateLab({ port: 0, upstream: upstreamUrl });
    // The same proxy without the traffic view's consumers, to measure what the view costs.
    if (kind === 'ratelab-no-view') lab.consumers.removeNamed(TRAFFIC_VIEW_CONSUMERS);
    let n = 0;
    // As `npx ratelab` runs: its human line per request on stdout (the bench reads and drops it).
    const lines = new LineBatcher((text) => process.stdout.write(text));
    lab.events.on('request', (r) => {
      n++;
      lines.push(formatRequestLine(r, { color: false }));
    });
    const { port } = await lab.start();
    ready(port);
    process.on('SIGTERM', () => process.stderr.write(`ratelab records: ${n}\n`));
  } else {
    throw new Error(`unknown kind ${kind}`);
  }
}

// Exit normally on SIGTERM so --cpu-prof can write its profile.
process.on('SIGTERM', () => setImmediate(() => process.exit(0)));
void main();
