import type { PipeTransform } from '@nestjs/common';
import { type ConsoleErrorCode, findUnsafeText, issuesOf } from '@sentinel/contracts';
import { refuse } from '@sentinel/service-kit';
import type { z } from 'zod';

/** Validates a query string or body with a zod schema; a bad one is a 400 that names each field. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly code: Extract<ConsoleErrorCode, 'INVALID_QUERY' | 'INVALID_BODY' | 'INVALID_ID'> = 'INVALID_BODY',
    /** What to call a scalar value (a path parameter) in the message. */
    private readonly name = 'value',
  ) {}

  transform(value: unknown): z.infer<S> {
    const unsafe = findUnsafeText(value);
    const parsed = unsafe ? undefined : this.schema.safeParse(value);
    if (parsed?.success) return parsed.data;
    const issues = unsafe ? [unsafe] : issuesOf(parsed!.error);
    return refuse(this.code, issues.map((i) => `${i.path || this.name}: ${i.message}`).join('; '), { issues });
  }
}
