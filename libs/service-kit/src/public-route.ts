import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'sentinel:public-route';

/** Marks a controller or handler as reachable without a session (health, metrics, the borrower's pages). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
