import type { ApiSchema } from '../../api-types';

// Beside the case page's parts rather than in the page, which imports them: they read its shape.
export type CaseDetail = ApiSchema<'CaseDetail'>;
