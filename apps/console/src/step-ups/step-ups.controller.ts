import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@sentinel/service-kit';
import { ApiQueryOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { stepUpsQuery, type StepUpsQuery } from './step-ups.query';
import { stepUps } from './step-ups.responses';
import { StepUpsService } from './step-ups.service';

/** Step-ups (#21 graded responses): those waiting for the borrower's answer, and how recent ones ended. */
@Controller('api/step-ups')
export class StepUpsController {
  constructor(private readonly stepUps: StepUpsService) {}

  @Get()
  @ApiQueryOf(stepUpsQuery)
  @ApiResponseOf(stepUps)
  @ApiOperation({ summary: "Step-ups waiting for the borrower's answer, and their outcomes over recent days" })
  @ApiErrors('INVALID_QUERY')
  overview(@Query(new ZodPipe(stepUpsQuery, 'INVALID_QUERY')) query: StepUpsQuery) {
    return this.stepUps.overview(query);
  }
}
