import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { contractFiles } from '@sentinel/contracts';

/**
 * The published message contract, for producers and consumers to fetch from the running gateway:
 * the same bytes as docs/contract (a unit spec keeps those current). No key needed: it is the
 * shape of the messages, not their content.
 */
@Controller('contract')
@ApiTags('contract')
export class ContractController {
  private readonly files = contractFiles();

  @Get()
  @ApiOperation({ summary: 'What /contract serves: the AsyncAPI document and each message schema by name' })
  index() {
    const names = Object.keys(this.files).filter((path) => path.startsWith('schemas/'));
    return { asyncapi: '/contract/asyncapi.json', schemas: names.map((path) => `/contract/${path}`) };
  }

  @Get('asyncapi.json')
  @Header('content-type', 'application/json; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'The AsyncAPI 3.0 document of the five topics' })
  asyncApi(): string {
    return this.files['asyncapi.json'];
  }

  @Get('schemas/:file')
  @Header('content-type', 'application/schema+json; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'One message JSON Schema (draft-07), such as event.card.bound.json or alert-message.json' })
  schema(@Param('file') file: string): string {
    const text = Object.hasOwn(this.files, `schemas/${file}`) ? this.files[`schemas/${file}`] : undefined;
    if (!text) throw new NotFoundException({ error: 'UNKNOWN_SCHEMA', message: `no schema ${file}; GET /contract lists them` });
    return text;
  }
}
