import { Param, ParseUUIDPipe } from '@nestjs/common';
import { httpErrorOf } from '@sentinel/service-kit';

/** A path id that must be a UUID; anything else is a 400 saying which id. */
export const UuidParam = (name: string, what: string) =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => httpErrorOf({ code: 'INVALID_ID', message: `${name}: not ${what} id (a UUID)` }) }));
