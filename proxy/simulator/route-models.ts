import type { ServerResponse } from 'node:http';
import { wireErrors } from '../errors/openai-error';
import { SIMULATED_MODELS, isSimulatedModel } from './known-models';
import { sendJson, type SimHeaders } from './sim-http';

const CREATED = 1_715_367_049; // fixed, so answers are deterministic

function modelObject(id: string) {
  return { id, object: 'model', created: CREATED, owned_by: 'system' };
}

export function listModels(res: ServerResponse, headers: SimHeaders): void {
  sendJson(res, 200, { object: 'list', data: SIMULATED_MODELS.map(modelObject) }, headers);
}

export function retrieveModel(id: string, res: ServerResponse, headers: SimHeaders): void {
  if (!isSimulatedModel(id)) sendJson(res, 404, wireErrors.modelNotFound(id), headers);
  else sendJson(res, 200, modelObject(id), headers);
}
