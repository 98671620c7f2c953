import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiErrors, unwrap } from '@sentinel/service-kit';
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { PublicRoute } from '@sentinel/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { ApiBodyOf, ApiResponseOf } from '../openapi';
import { ZodPipe } from '../zod.pipe';
import { CurrentAnalyst, type SessionAnalyst, type SessionRequest } from './auth.decorators';
import { csrfTokenFor, SESSION_COOKIE, sessionCookieOptions } from './session.cookie';
import { SessionsService } from './sessions.service';
import { session } from './analyst.responses';
import { LoginThrottlerGuard } from './login-throttler.guard';

export const loginBody = z.strictObject({
  username: z.string().min(1, 'username is required').max(40),
  password: z.string().min(1, 'password is required').max(200),
});

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1, 'currentPassword is required').max(200),
  newPassword: z.string().min(12, 'must be at least 12 characters').max(200, 'must be at most 200 characters'),
});

@Controller('api/session')
export class SessionController {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /** Logs in: sets the HttpOnly session cookie and returns the CSRF token to send on changes. */
  @Post()
  @PublicRoute()
  @UseGuards(LoginThrottlerGuard)
  @SkipThrottle({ verify: true })
  @ApiBodyOf(loginBody)
  @HttpCode(200)
  @ApiResponseOf(session)
  @ApiOperation({ summary: 'Log in' })
  @ApiErrors('INVALID_BODY', 'INVALID_CREDENTIALS')
  @ApiResponse({
    status: 429,
    description: 'Too many requests: TOO_MANY_ATTEMPTS (over LOGIN_RATE_LIMIT attempts a minute from this IP; retryAfterSeconds says when to try again).',
    headers: {
      'retry-after': { description: 'seconds until this IP may try again', schema: { type: 'integer' } },
      'retry-after-login': { description: 'the same, named after the login budget', schema: { type: 'integer' } },
    },
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/ApiError' },
            {
              type: 'object',
              required: ['retryAfterSeconds'],
              properties: {
                error: { type: 'string', enum: ['TOO_MANY_ATTEMPTS'] },
                retryAfterSeconds: { type: 'integer', minimum: 1, description: 'seconds until this IP may try again' },
              },
            },
          ],
        },
      },
    },
  })
  async login(@Body(new ZodPipe(loginBody)) body: z.infer<typeof loginBody>, @Req() req: SessionRequest, @Res({ passthrough: true }) res: Response) {
    const { token, analyst } = unwrap(await this.sessions.login(body.username, body.password, { ip: req.ip, userAgent: req.headers['user-agent'] }));
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(this.config.sessions.ttlMs));
    return { analyst: publicView(analyst), csrfToken: csrfTokenFor(token) };
  }

  /** Who is logged in, and the CSRF token for this session (the page reloads it after a refresh). */
  @Get()
  @ApiResponseOf(session)
  @ApiOperation({ summary: "The logged-in analyst and the session's CSRF token" })
  me(@CurrentAnalyst() analyst: SessionAnalyst, @Req() req: SessionRequest) {
    return { analyst: publicView(analyst), csrfToken: csrfTokenFor(req.sessionToken!) };
  }

  /** Changes one's own password; the other sessions of the account end. */
  @Post('password')
  @HttpCode(204)
  @ApiBodyOf(passwordChangeBody)
  @ApiOperation({ summary: "Change one's own password" })
  @ApiErrors('INVALID_BODY', 'WRONG_PASSWORD')
  async changePassword(@Body(new ZodPipe(passwordChangeBody)) body: z.infer<typeof passwordChangeBody>, @CurrentAnalyst() analyst: SessionAnalyst, @Req() req: SessionRequest) {
    unwrap(await this.sessions.changePassword(analyst, req.sessionToken!, body.currentPassword, body.newPassword, { ip: req.ip, userAgent: req.headers['user-agent'] }));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out' })
  async logout(@CurrentAnalyst() analyst: SessionAnalyst, @Req() req: SessionRequest, @Res({ passthrough: true }) res: Response) {
    await this.sessions.logout(req.sessionToken!, analyst);
    res.clearCookie(SESSION_COOKIE, { ...sessionCookieOptions(0), maxAge: undefined });
  }
}

const publicView = ({ id, username, displayName, role }: SessionAnalyst) => ({ id, username, displayName, role });
