import { mockFetch, route, unexpected, type FetchHandler } from './mockFetch.ts';

/** mockFetch keyed by "METHOD /path"; any other request fails the test. */
export function serveRoutes(routes: Record<string, FetchHandler>) {
  return mockFetch((request) => {
    const handler = routes[route(request)];
    return handler ? handler(request) : unexpected(request);
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}
