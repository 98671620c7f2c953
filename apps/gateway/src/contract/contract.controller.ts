import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { contractFiles } from '@sentinel/contracts';
import { ApiErrors, PublicRoute, refuse } from '@sentinel/service-kit';

const JsonDocument = (media: string, description: string) => ApiResponse({ status: 200, description, content: { [media]: { schema: { type: 'object' } } } });

/**
 * The published message contract, for producers and consumers to fetch from the running gateway:
 * the same bytes as docs/contract (a unit spec keeps those current). No key needed: it is the
 * shape of the messages, not their content.
 */
@Controller('contract')
@ApiTags('contract')
@PublicRoute()
export class ContractController {
  private readonly files = contractFiles();

  @Get()
  @ApiOperation({ summary: 'What /contract serves: the AsyncAPI document and each message schema by name' })
  @ApiResponse({
    status: 200,
    description: 'Where the AsyncAPI document and each schema are.',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['asyncapi', 'schemas'],
          properties: { asyncapi: { type: 'string' }, schemas: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  })
  index() {
    const names = Object.keys(this.files).filter((path) => path.startsWith('schemas/'));
    return { asyncapi: '/contract/asyncapi.json', schemas: names.map((path) => `/contract/${path}`) };
  }

  @Get('asyncapi.json')
  @Header('content-type', 'application/json; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'The AsyncAPI 3.0 document of the five topics' })
  @JsonDocument('application/json', 'The AsyncAPI document, as docs/contract/asyncapi.json holds it.')
  asyncApi(): string {
    return this.files['asyncapi.json'];
  }

  @Get('schemas/:file')
  @Header('content-type', 'application/schema+json; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'One message JSON Schema (draft-07), such as event.card.bound.json or alert-message.json' })
  @JsonDocument('application/schema+json', 'The JSON Schema, as docs/contract/schemas holds it.')
  @ApiErrors('UNKNOWN_SCHEMA')
  schema(@Param('file') file: string): string {
    const text = Object.hasOwn(this.files, `schemas/${file}`) ? this.files[`schemas/${file}`] : undefined;
    if (!text) refuse('UNKNOWN_SCHEMA', `no schema ${file}; GET /contract lists them`);
    return text;
  }
}
