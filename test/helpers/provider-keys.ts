/** A key in Anthropic's format; RateLab never shows more than its start and end. */
export const ANTHROPIC_KEY = 'sk-ant-api03-PLANTEDsecretKEY0123456789abcdefXYZ-AAAAAAAA';

/** An Azure OpenAI key: 32 hex characters. */
export const AZURE_KEY = '0123456789abcdef0123456789abcdef';
