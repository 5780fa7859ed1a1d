import { faultContext, defaultQuota, type FaultContextInput } from '../../proxy/faults/fault-context';
import type { FaultContext } from '../../proxy/faults/fault-unit';

/** 2026-11-24T18:00:00Z: six hours before the daily reset. */
export const SIX_PM_UTC = Date.UTC(2026, 10, 24, 18, 0, 0);

/** The x-request-id a test context's answer carries. */
export const FIXED_REQUEST_ID = 'req_540c0e9dd8e1e4d2d1bd3d5f8c1e0a7b';

/** A gpt-4o chat request at 18:00 UTC with tier-1 buckets full, overridable per test. */
export function ctxFor(over: Partial<FaultContextInput> = {}): FaultContext {
  return faultContext({
    model: 'gpt-4o',
    path: '/v1/chat/completions',
    stream: false,
    promptTokens: 1200,
    maxTokens: null,
    now: SIX_PM_UTC,
    quota: defaultQuota('gpt-4o'),
    limitHit: null,
    key: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123',
    requestId: FIXED_REQUEST_ID,
    ...over,
  });
}

/** The `error` object of a plan's body. */
export function errorOf(body: unknown): { message: string; type: string; param: string | null; code: string | number | null } {
  return (body as { error: { message: string; type: string; param: string | null; code: string | number | null } }).error;
}
