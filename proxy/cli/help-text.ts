import { FAULT_KINDS } from '../faults/fault-kinds';

/** `ratelab --help`. */
export const USAGE = `Usage: ratelab [options]

A localhost dev proxy for the OpenAI, Anthropic and Azure OpenAI APIs: live rate-limit
headers, tokens and cost per request, and realistic 429s and failures to test your retry logic.

Point your app at the printed base URL, e.g.  OPENAI_BASE_URL=http://127.0.0.1:4290/v1
(Anthropic: ANTHROPIC_BASE_URL=http://127.0.0.1:4290 · Azure OpenAI: AZURE_OPENAI_ENDPOINT=http://127.0.0.1:4290)

Options:
  --port N            port to listen on (default 4290; 0 picks a free port)
  --host ADDR         address to bind (default 127.0.0.1)
  --upstream URL      where to forward OpenAI requests (default https://api.openai.com)
  --anthropic-upstream URL  where to forward Anthropic requests (default --upstream when
                      given, else https://api.anthropic.com)
  --azure-upstream URL      your Azure OpenAI endpoint, https://<resource>.openai.azure.com
  --azure-deployment NAME=MODEL  the model an Azure deployment runs, for tokens, limits and
                      cost (repeatable; default: a deployment is named after its model)
  --mock              answer from the built-in offline simulator (no key, no network)
  --batch-pace PACE   how long the simulator's batches take: fast (default, ~2 s), real
                      (~20 min, as small batches commonly take), or a duration (10m, 24h)
  --profile NAME|FILE chaos profile: off, tier-1, flaky, brownout, daily-cap,
                      quota-exhausted, stream-cuts, retry-drill, or a JSON/YAML file
  --seed N            seed for the profile's random choices (same seed, same faults)
  --json              print one JSON object per line (the first says where to connect)
  --upstream-ca FILE  extra CA certificate (PEM) for an https upstream
  --timeout SECONDS   answer 504 when the upstream sends nothing for this long (default 600)
  --record FILE       record every request and answer into FILE (HAR 1.2; keys never written)
  --redact LIST       also leave out these headers / request-body JSON paths, e.g.
                      --redact x-user-id,messages[*].content  (repeatable)
  --replay FILE       answer from a recorded FILE: no upstream, no key, no network
  --replay-speed N    1 replays streams with their recorded gaps (default), 0 without waits
  --replay-miss MODE  an unrecorded request gets: error (default), forward (to --upstream)
                      or simulate (the offline simulator's answer)
  --replay-match RULE body (default: JSON in any key order, without user), exact, or
                      model-messages (only the model and the prompt)
  --history FILE      keep every request in FILE (NDJSON, keys never written) and show
                      the last day again after a restart
  --alert-cost-per-day USD       ALERT when today's cost passes this (off by default)
  --alert-cost-per-request USD   ALERT when one request costs more (off by default)
  --alert-429-rate FRACTION      ALERT above this share of 429s per model over 5 min (0.01)
  --alert-error-rate FRACTION    ALERT above this share of failed requests over 5 min (0.05)
  --alert-latency SECONDS        ALERT when an answer takes longer (30)
  --exit-with-stdin   stop when standard input closes (for a parent process that may die)
  -h, --help          show this help
  -v, --version       show the version

One request, one fault: send the header  x-ratelab-fault: <kind>[;key=value...]
  e.g. rate_limit_tokens;retry_after=2   stream_cut;after_chunks=5;mode=error   none
  kinds: ${FAULT_KINDS.join(', ').replace(/(.{1,80})(, |$)/g, '$1,\n         ').replace(/,\n {9}$/, '')}

Control API: GET /__ratelab/status, /events (SSE), /errors, /requests, /report,
             /traffic, /metrics, /profile, /faults, /profiles, /sites;
             PUT /profile, /sites; POST /inject, /reset

CI gate:  ratelab check [options] [--min-score N] [--report FILE]
                         [--max-cost USD] [--max-tokens N] [--sites DIR | --no-sites] -- <command...>
  Starts the proxy on a free port, runs the command with OPENAI_BASE_URL (and ANTHROPIC_BASE_URL) pointing at it,
  prints the retry report and exits 1 when a check fails (or the score is below N, or the
  run cost more than USD or used more than N tokens, or the command fails, or it sent no
  requests). With --mock and no OPENAI_API_KEY set, the command gets a placeholder key.
  It reads the call sites in DIR's code (default: the current directory) and names the
  worst ones, file:line, by 429s, errors, latency and cost.`;
