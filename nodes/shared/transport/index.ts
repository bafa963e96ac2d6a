// The transport's public face: what providers, operations and the router may use.
export type { ApiRequest, ApiResponse, NodeFunctions, ProviderApi, RateLimitHeaders } from './api';
export { ApiClient, DEFAULT_TIMEOUT_MS, type ClientSettings } from './client';
export { DEFAULT_RATE_LIMIT_HEADERS, RateLimiter, type RateLimitPause } from './rateLimit';
export { redact } from './redact';
export { RequestSlots } from './slots';
export { RETRY, backoffMs, serverDelayMs } from './retry';
export { isNotFound } from './errors';
export { settle } from './body';
