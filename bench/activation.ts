// npm run bench (part 3) — extension activation in a real VS Code (code-server + Chromium), as the
// extension logs it, with the tokenizer loaded lazily (as shipped) and loaded up front.
import { openCodeServer } from '../test/helpers/code-server';

const ROUNDS = Number(process.env.BENCH_ACTIVATION_ROUNDS ?? 2);

async function activationMs(preload: boolean): Promise<number> {
  const s = await openCodeServer({
    files: { 'app.ts': "import OpenAI from 'openai';\n" },
    settings: { 'ratelab.autoStart': false },
    env: preload ? { RATELAB_BENCH_PRELOAD_TOKENIZER: '1' } : {},
  });
  try {
    const end = Date.now() + 60_000;
    for (;;) {
      const m = /activated in ([\d.]+) ms/.exec(s.extensionLog());
      if (m) return Number(m[1]);
      if (Date.now() > end) throw new Error(`no activation line in the RateLab log\n${s.log().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await s.stop();
  }
}

async function main(): Promise<void> {
  const lazy: number[] = [];
  const eager: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    lazy.push(await activationMs(false));
    eager.push(await activationMs(true));
  }
  const best = (xs: number[]) => Math.min(...xs);
  console.log(`\nExtension activation in code-server 4.100.3 (VS Code 1.100) · best of ${ROUNDS}`);
  console.log(`  tokenizer loaded lazily (as shipped)   ${best(lazy).toFixed(1)} ms   (runs: ${lazy.map((x) => x.toFixed(1)).join(', ')})`);
  console.log(`  tokenizer loaded during activation     ${best(eager).toFixed(1)} ms   (runs: ${eager.map((x) => x.toFixed(1)).join(', ')})`);
  console.log(`  ratio lazy / eager: ${(best(lazy) / best(eager)).toFixed(3)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
