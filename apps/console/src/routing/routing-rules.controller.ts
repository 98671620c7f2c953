import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { CurrentAnalyst, MinRole, type SessionAnalyst } from '../auth/auth.decorators';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { UuidParam } from '../uuid-param';
import { ZodPipe } from '../zod.pipe';
import { routingRule, routingRuleList } from './routing-rule.responses';
import { routingRuleBody, type RoutingRuleBody } from './routing-rule.schema';
import { RoutingRulesService } from './routing-rules.service';

@Controller('api/routing-rules')
export class RoutingRulesController {
  constructor(private readonly rules: RoutingRulesService) {}

  /** Which cases "Next case" keeps for whom: by rule, merchant, borrower language or score band. */
  @Get()
  @ApiResponseOf(routingRuleList)
  @ApiOperation({ summary: 'The assignment rules' })
  list() {
    return this.rules.list();
  }

  @Post()
  @MinRole('supervisor')
  @ApiBodyOf(routingRuleBody)
  @ApiResponseOf(routingRule, 201)
  @ApiOperation({ summary: 'Route a rule, merchant, language or score band to an analyst' })
  @ApiErrors('INVALID_BODY')
  async set(@Body(new ZodPipe(routingRuleBody)) body: RoutingRuleBody, @CurrentAnalyst() me: SessionAnalyst) {
    return unwrap(await this.rules.set(body, me));
  }

  @Delete(':id')
  @MinRole('supervisor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an assignment rule' })
  @ApiErrors('INVALID_ID')
  async remove(@UuidParam('id', 'an assignment rule') id: string, @CurrentAnalyst() me: SessionAnalyst) {
    await this.rules.remove(id, me);
  }
}
