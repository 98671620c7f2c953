import { HttpException } from '@nestjs/common';
import { type ApiError, type ApiErrorCode, apiErrorBody, API_ERROR_CODES, type Result } from '@sentinel/contracts';

/**
 * The one place a refusal becomes HTTP: its status from API_ERROR_CODES (the table the OpenAPI
 * documents list), its body `{ error, message, ...details }`.
 */
export const httpErrorOf = (error: ApiError): HttpException => new HttpException(apiErrorBody(error), API_ERROR_CODES[error.code].status);

/** For guards and pipes, whose contract with Nest is an exception: the same refusal, thrown. */
export function refuse(code: ApiErrorCode, message: string, details?: Record<string, unknown>): never {
  throw httpErrorOf(details ? { code, message, details } : { code, message });
}

/** A controller's answer: the service's value, or its refusal as the route's HTTP error. */
export function unwrap<T, C extends ApiErrorCode>(result: Result<T, ApiError<C>>): T {
  if (result.ok) return result.value;
  throw httpErrorOf(result.error);
}
