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
export function unwrap<R extends Result<unknown, ApiError>>(result: R): Extract<R, { ok: true }>['value'] {
  // Typed by the whole union, so a result that joins several refusals' types unwraps as one.
  const answer: Result<unknown, ApiError> = result;
  if (answer.ok) return answer.value;
  throw httpErrorOf(answer.error);
}
