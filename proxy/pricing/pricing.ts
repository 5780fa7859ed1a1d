import catalogue from './catalogue.json';
import type { TokenUsage } from '../tokens/token-usage';

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number;
  cachedInput: number;
  output: number;
  /** Writing Anthropic's prompt cache (5-minute entries); the input price when absent. */
  cacheWrite?: number;
  /** Writing it for an hour; the 5-minute price when absent. */
  cacheWrite1h?: number;
  /** The catalogue's display name (`Claude Sonnet 4.6`). */
  name?: string;
}

export type PriceTable = Record<string, ModelPrice>;

/**
 * The built-in prices: @pydantic/genai-prices' catalogue of OpenAI's and Anthropic's models (a
 * snapshot in catalogue.json, made by `npm run prices:update`), by every name it gives them.
 */
export const DEFAULT_PRICES: Readonly<PriceTable> = catalogue.models;

/** Which catalogue the built-in prices come from (`@pydantic/genai-prices 0.1.8`). */
export const PRICE_SOURCE: string = catalogue.source;

/** The built-in table with the user's overrides on top (overrides may add models). */
export function mergePrices(overrides: Record<string, Partial<ModelPrice>> | undefined): PriceTable {
  const table: PriceTable = { ...DEFAULT_PRICES };
  for (const [model, p] of Object.entries(overrides ?? {})) {
    const base = table[model] ?? { input: 0, cachedInput: 0, output: 0 };
    const input = p.input ?? base.input;
    // An override keeps the cache write prices it does not set from the catalogue.
    const cacheWrite = p.cacheWrite ?? base.cacheWrite;
    const cacheWrite1h = p.cacheWrite1h ?? base.cacheWrite1h;
    table[model] = { input, cachedInput: p.cachedInput ?? (table[model] ? base.cachedInput : input), output: p.output ?? base.output, ...(cacheWrite !== undefined ? { cacheWrite } : {}), ...(cacheWrite1h !== undefined ? { cacheWrite1h } : {}) };
  }
  return table;
}

/**
 * Price of a model name as the API reports it: exact name, else the longest priced prefix, so
 * dated snapshots (`gpt-4o-mini-2024-07-18`) price as their family.
 */
export function priceOf(model: string | null | undefined, table: PriceTable = DEFAULT_PRICES): ModelPrice | null {
  if (!model) return null;
  const exact = table[model];
  if (exact) return exact;
  const name = model.replace(/^ft:/, '').split(':')[0]!;
  if (table[name]) return table[name];
  let best: string | null = null;
  for (const key of Object.keys(table)) {
    if (name.startsWith(key + '-') && (best === null || key.length > best.length)) best = key;
  }
  return best ? table[best]! : null;
}

/** Cost in USD, or null for a model without a price. */
export function costUsd(model: string | null | undefined, tokens: TokenUsage, table: PriceTable = DEFAULT_PRICES): number | null {
  const p = priceOf(model, table);
  if (!p) return null;
  const cached = Math.min(tokens.cached, tokens.prompt);
  const written = Math.min(tokens.cacheWrite ?? 0, tokens.prompt - cached);
  const hour = Math.min(tokens.cacheWrite1h ?? 0, written);
  const fiveMinutes = p.cacheWrite ?? p.input;
  const usd = ((tokens.prompt - cached - written) * p.input + cached * p.cachedInput + (written - hour) * fiveMinutes + hour * (p.cacheWrite1h ?? fiveMinutes) + tokens.completion * p.output) / 1e6;
  return Math.round(usd * 1e10) / 1e10;
}
