import type { IncomingHttpHeaders } from 'node:http';
import { providerOf, type Provider } from '../provider/provider-of';
import { cassetteEntry } from '../cassette/cassette-entry';
import { readCassette } from '../cassette/cassette-file';
import { CassetteWriter } from '../cassette/cassette-writer';
import type { Redaction } from '../cassette/redaction';
import type { MatchRule } from '../cassette/request-match';
import { ReplayServer, type ReplayMiss } from '../cassette/replay-server';
import type { RequestConsumer } from '../record/consumers';

/** `--record FILE`: every exchange into a cassette, keys never written, more left out by `redaction`. */
export interface RecordSettings {
  file: string;
  redaction: Redaction;
}

/** `--replay FILE`: answers from a cassette instead of an upstream. */
export interface ReplaySettings {
  file: string;
  speed: number;
  miss: ReplayMiss;
  match: MatchRule;
}

/** Bytes of one answer kept for the cassette; a longer answer is recorded cut at this size (and replays cut). */
export const MAX_RECORDED_ANSWER_BYTES = 64 * 1024 * 1024;

/** The consumer that writes each finished exchange to the cassette, as it finishes. */
export function cassetteRecorder(s: RecordSettings, origin: () => string): RequestConsumer & { writer: CassetteWriter } {
  const writer = new CassetteWriter(s.file, s.redaction);
  let first: number | null = null;
  return {
    name: 'cassette recorder',
    writer,
    consume(done) {
      first ??= Date.parse(done.record.time);
      writer.add(cassetteEntry(done, origin(), first, s.redaction));
    },
    close: () => writer.close(),
  };
}

/** Starts the local upstream that replays the cassette; `upstream` is where `--replay-miss=forward` goes. */
export async function startReplay(s: ReplaySettings, upstreams: Readonly<Record<Provider, string | null>>): Promise<{ url: string; server: ReplayServer; entries: number }> {
  const cassette = readCassette(s.file);
  // A miss goes to its own provider's upstream: an Anthropic or Azure key never to OpenAI's.
  const upstreamFor = (path: string, headers: IncomingHttpHeaders, query: string) => upstreams[providerOf(path, headers, query)];
  const server = new ReplayServer({ cassette, speed: s.speed, miss: s.miss, match: s.match, upstreamFor });
  return { url: await server.listen(), server, entries: cassette.entries.length };
}
