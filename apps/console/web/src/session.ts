import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Role = 'analyst' | 'supervisor' | 'admin';
export interface Analyst {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

const RANK: Record<Role, number> = { analyst: 0, supervisor: 1, admin: 2 };

export const SessionContext = createContext<Analyst | null>(null);

export function useSession() {
  const me = useContext(SessionContext)!;
  return { me, atLeast: (role: Role) => RANK[me.role] >= RANK[role] };
}
