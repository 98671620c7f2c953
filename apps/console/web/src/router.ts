import { useEffect, useState } from 'preact/hooks';

// Hash routes (#/cases/…): the console serves one page, and a reload or a shared link lands where it was.
export interface Route {
  path: string;
  params: URLSearchParams;
}

const current = (): Route => {
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  return { path: path || '/queue', params: new URLSearchParams(search ?? '') };
};

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export const navigate = (path: string) => (location.hash = path);
