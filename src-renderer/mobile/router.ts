// The phone page is one app on three kinds of address: /mobile/ (with the flow in the query, so a reload
// or the back button lands on the same step), /t/<token> (a ticket's live page, the QR on every slip) and
// /b/<token> (a booking's own page). The hall serves index.html for all of them.

export type Route =
  | { name: 'home' }
  | { name: 'matters'; categoryId: string }
  | { name: 'take'; categoryId: string; matterId: string | null }
  | { name: 'book'; categoryId: string; matterId: string | null }
  | { name: 'ticket'; token: string }
  | { name: 'booking'; token: string }
  | { name: 'not-found' };

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
const CATEGORY = /^[A-Z]$/;
const MATTER = /^[A-Za-z0-9_-]{1,48}$/;
/** Query parameters every address keeps: which hall, which language. */
const KEPT = ['hall', 'lang'] as const;

export function parseRoute(pathname: string, search: string): Route {
  const token = /^\/(t|b)\/([^/]+)\/?$/.exec(pathname);
  if (token) {
    const value = decodeURIComponent(token[2]!);
    if (!TOKEN.test(value)) return { name: 'not-found' };
    return token[1] === 't' ? { name: 'ticket', token: value } : { name: 'booking', token: value };
  }
  if (!/^\/mobile(\/(index\.html)?)?$/.test(pathname)) return { name: 'not-found' };
  const q = new URLSearchParams(search);
  const categoryId = q.get('c');
  if (!categoryId || !CATEGORY.test(categoryId)) return { name: 'home' };
  const m = q.get('m');
  const matterId = m && MATTER.test(m) ? m : null;
  const action = q.get('do');
  if (action === 'take' || action === 'book') return { name: action, categoryId, matterId };
  return { name: 'matters', categoryId };
}

export function routeHref(route: Route, currentSearch = ''): string {
  const current = new URLSearchParams(currentSearch);
  const q = new URLSearchParams();
  for (const k of KEPT) {
    const v = current.get(k);
    if (v) q.set(k, v);
  }
  let path = '/mobile/';
  switch (route.name) {
    case 'ticket':
      path = `/t/${route.token}`;
      break;
    case 'booking':
      path = `/b/${route.token}`;
      break;
    case 'matters':
      q.set('c', route.categoryId);
      break;
    case 'take':
    case 'book':
      q.set('c', route.categoryId);
      q.set('do', route.name);
      if (route.matterId) q.set('m', route.matterId);
      break;
    case 'home':
    case 'not-found':
      break;
  }
  const query = q.toString();
  return `${path}${query ? `?${query}` : ''}`;
}

/** Which hall: the address says, or the one this phone used last (if the server still has it), or the first one. */
export function chooseHallId(param: string | null, saved: string | null, halls: ReadonlyArray<{ id: string }> | null): string | null {
  if (param) return param;
  if (saved && (!halls || halls.some((h) => h.id === saved))) return saved;
  return halls?.[0]?.id ?? null;
}
