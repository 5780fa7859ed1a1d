/** What an Azure OpenAI URL path says: the deployment (when in the path) and the operation. */
export interface AzurePath {
  /** `/openai/deployments/{deployment}/…`: the deployment; the v1 form (`/openai/v1/…`) names none (the body's `model` does). */
  deployment: string | null;
  /** The operation as OpenAI's API spells it: `/chat/completions`, `/embeddings`, `/responses`… */
  operation: string;
}

const DEPLOYMENT = /^\/openai\/deployments\/([^/]+)(\/.*)?$/;

/** A path segment decoded, or as it is when its percent-encoding is malformed (never throws). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Reads an Azure path (no query string), or null when it is not one. */
export function parseAzurePath(path: string): AzurePath | null {
  const d = DEPLOYMENT.exec(path);
  if (d) return { deployment: decoded(d[1]!), operation: d[2] ?? '/' };
  if (path.startsWith('/openai/v1/')) return { deployment: null, operation: path.slice('/openai/v1'.length) };
  if (path.startsWith('/openai/')) return { deployment: null, operation: path.slice('/openai'.length) };
  return null;
}

/**
 * The model an Azure request runs on: the deployment's model when the user mapped it
 * (`--azure-deployment prod-chat=gpt-4o`), else the deployment name itself (the common practice
 * of naming a deployment after its model), else the body's `model`.
 */
export function azureModelOf(path: AzurePath, bodyModel: string | null, deployments: Readonly<Record<string, string>>): { deployment: string | null; model: string | null } {
  const deployment = path.deployment ?? bodyModel;
  if (deployment === null) return { deployment: null, model: null };
  return { deployment, model: Object.hasOwn(deployments, deployment) ? deployments[deployment]! : deployment };
}
