import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';

/** A path id that must be a UUID; anything else is a 400 saying which id. */
export const UuidParam = (name: string, what: string) =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException({ error: 'INVALID_ID', message: `${name}: not ${what} id (a UUID)` }) }));
