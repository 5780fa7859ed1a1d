import * as vscode from 'vscode';
import type { ProxyLaunchSettings } from './proxy-launch';

/** Every `ratelab.*` setting as plain data, read in one place. */
export interface RateLabSettings extends ProxyLaunchSettings {
  autoStart: boolean;
  /** Attach to this running proxy instead of starting one (empty: start our own). */
  proxyUrl: string;
  terminalEnv: boolean;
  /** Also give new terminals ANTHROPIC_BASE_URL and AZURE_OPENAI_ENDPOINT. */
  terminalEnvProviders: boolean;
  defaultModel: string;
  /** Token and cost lenses, hovers and warnings on prompts in code and prompt files. */
  promptLens: boolean;
  prices: Record<string, { input?: number; cachedInput?: number; output?: number }>;
  /** Keep the requests in the workspace's storage so the panel shows the last day after a restart. */
  history: boolean;
}

export function readSettings(): RateLabSettings {
  const c = vscode.workspace.getConfiguration('ratelab');
  return {
    port: c.get<number>('port', 4290),
    host: c.get<string>('host', '127.0.0.1'),
    upstream: c.get<string>('upstream', 'https://api.openai.com'),
    anthropicUpstream: c.get<string>('anthropicUpstream', '').trim(),
    azureEndpoint: c.get<string>('azureEndpoint', '').trim(),
    azureDeployments: c.get<Record<string, string>>('azureDeployments', {}),
    mock: c.get<boolean>('mock', true),
    batchPace: c.get<string>('batchPace', 'fast').trim(),
    profile: c.get<string>('profile', 'off'),
    autoStart: c.get<boolean>('autoStart', true),
    proxyUrl: c.get<string>('proxyUrl', '').trim(),
    terminalEnv: c.get<boolean>('terminalEnv', true),
    terminalEnvProviders: c.get<boolean>('terminalEnvProviders', false),
    defaultModel: c.get<string>('defaultModel', 'gpt-4o'),
    promptLens: c.get<boolean>('promptLens', true),
    prices: c.get<RateLabSettings['prices']>('prices', {}),
    history: c.get<boolean>('history', true),
    alerts: {
      costPerDayUsd: c.get<number | null>('alerts.costPerDayUsd', null),
      costPerRequestUsd: c.get<number | null>('alerts.costPerRequestUsd', null),
      rate429: c.get<number>('alerts.rate429', 0.01),
      errorRate: c.get<number>('alerts.errorRate', 0.05),
      latencySeconds: c.get<number>('alerts.latencySeconds', 30),
    },
  };
}
