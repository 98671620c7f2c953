import type { ApiErrorCode } from './api-error-codes';
import type { Result } from './result';

/**
 * An expected refusal as a value: the code (its status is in API_ERROR_CODES), the words to show,
 * and any details its body carries beside them (CASE_HELD's holder, BACKTEST_BUSY's retryAfterSeconds).
 */
export interface ApiError<C extends ApiErrorCode = ApiErrorCode> {
  code: C;
  message: string;
  details?: Record<string, unknown>;
}

/** What a service answers: its value, or a refusal with one of the codes its type names. */
export type ApiResult<T, C extends ApiErrorCode = ApiErrorCode> = Result<T, ApiError<C>>;
export type Failed<C extends ApiErrorCode = ApiErrorCode> = { ok: false; error: ApiError<C> };

export const fail = <C extends ApiErrorCode>(code: C, message: string, details?: Record<string, unknown>): Failed<C> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

/** The refusal's body as the APIs answer it: the code to branch on, the message to show, then its details. */
export const apiErrorBody = <C extends ApiErrorCode>({ code, message, details }: ApiError<C>): { error: C; message: string; [detail: string]: unknown } => ({
  error: code,
  message,
  ...details,
});
