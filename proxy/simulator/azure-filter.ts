/** The content filter's verdict on a harmless text: every category checked, none filtered. */
export const SAFE_FILTER_RESULTS = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

/** `prompt_filter_results`, as Azure adds it to a chat completion (and to the first chunk of a stream). */
export const promptFilterResults = () => [{ prompt_index: 0, content_filter_results: SAFE_FILTER_RESULTS }];

/**
 * The first chunk of an Azure chat stream: no choices, no id or model, only the prompt's filter
 * results (the SDKs skip it; a client that reads `choices[0]` blindly does not).
 */
export const azureFilterChunk = () => ({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: promptFilterResults() });
