/** The most errors anyone keeps: the proxy (GET /__ratelab/errors), the extension and its panel. */
export const MAX_ERRORS = 500;
