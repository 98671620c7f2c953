import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { SessionRequest } from '../auth/auth.decorators';
import { IpMasker } from './ip-masker';

/** Every answer to an analyst carries IPs masked (keyed, so distinct ones stay apart); supervisors and admins see them whole. */
@Injectable()
export class MaskIpsInterceptor implements NestInterceptor {
  constructor(private readonly ips: IpMasker) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || context.switchToHttp().getRequest<SessionRequest>().analyst?.role !== 'analyst') return next.handle();
    return next.handle().pipe(map((body: unknown) => this.ips.maskDeep(body)));
  }
}
