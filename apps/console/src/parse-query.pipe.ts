import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { issuesOf } from '@sentinel/contracts';
import type { z } from 'zod';

/** Validates query strings with a zod schema; a bad one is a 400 that names the parameter. */
export class ZodQueryPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issues = issuesOf(parsed.error);
    throw new BadRequestException({
      error: 'INVALID_QUERY',
      message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      issues,
    });
  }
}
