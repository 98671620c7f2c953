import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, refuse } from '@sentinel/service-kit';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentAnalyst, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { parseSearchTerm, SearchTermError } from './search-term';
import { searchResults } from './search.responses';
import { SearchService } from './search.service';

const searchBody = z.strictObject({ q: z.string().max(200, 'q must be at most 200 characters') });

/**
 * The top bar's one box. A POST, so a phone number or email searched for never sits in a URL,
 * an access log or the browser's history.
 */
@Controller('api/search')
export class SearchController {
  constructor(private readonly searches: SearchService) {}

  /** Cases and accounts by reference code, account id (or its prefix), phone or email; `exact` is the one case a term names. */
  @Post()
  @HttpCode(200)
  @ApiBodyOf(searchBody)
  @ApiResponseOf(searchResults)
  @ApiOperation({ summary: 'Find cases by reference, account, phone or email' })
  @ApiErrors('INVALID_BODY', 'SEARCH_TERM_INVALID')
  search(@Body(new ZodPipe(searchBody)) body: z.infer<typeof searchBody>, @CurrentAnalyst() me: SessionAnalyst) {
    let term;
    try {
      term = parseSearchTerm(body.q);
    } catch (e) {
      if (e instanceof SearchTermError) return refuse('SEARCH_TERM_INVALID', e.message);
      throw e;
    }
    return this.searches.search(term, me);
  }
}
