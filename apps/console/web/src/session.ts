import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiSchema } from './api-types';

export type Analyst = ApiSchema<'SessionAnalyst'>;
export type Role = Analyst['role'];

const RANK: Record<Role, number> = { analyst: 0, supervisor: 1, admin: 2 };

export const SessionContext = createContext<Analyst | null>(null);

export function useSession() {
  const me = useContext(SessionContext)!;
  return { me, atLeast: (role: Role) => RANK[me.role] >= RANK[role] };
}
