import type { IncomingMessage } from 'node:http';
import { azureErrors, type AzureErrorBody } from '../errors/azure-error';
import { parseAzurePath } from '../provider/azure-path';
import { azureHeaders } from './azure-headers';
import type { SimHeaders } from './sim-http';

export type AzureSimRequest =
  | { path: string; deployment: string; headers: () => SimHeaders }
  | { status: number; error: AzureErrorBody; headers: SimHeaders };

/**
 * Reads an Azure OpenAI request as the service's gateway does before any model sees it: a key
 * (`api-key`, or an Entra `Authorization: Bearer`), and on the deployments form an `api-version`
 * (without one: 404 Resource not found). Gives the OpenAI path to answer and the deployment
 * ('' on the v1 form, whose body names the model).
 */
export function azureRequest(req: IncomingMessage, path: string, started: number): AzureSimRequest {
  const headers = () => azureHeaders(req.headers, Math.max(1, Date.now() - started));
  const parsed = parseAzurePath(path);
  if (!req.headers['api-key'] && !req.headers.authorization) return { status: 401, error: azureErrors.accessDenied(), headers: headers() };
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  if (!parsed || (parsed.deployment !== null && !query.get('api-version'))) return { status: 404, error: azureErrors.resourceNotFound(), headers: headers() };
  return { path: `/v1${parsed.operation}`, deployment: parsed.deployment ?? '', headers };
}
