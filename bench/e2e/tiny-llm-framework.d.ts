// The example framework is plain JavaScript (JSDoc-typed); the bench only constructs its backend.
declare module 'tiny-llm-framework' {
  export const OpenAICompatibleBackend: new (options: {
    baseURL: string;
    apiKey?: string;
    model: string;
    bus?: unknown;
  }) => unknown;
}
