import { isRouteErrorResponse, useRouteError } from 'react-router';

/** Last resort for a rendering error: plain markup and a full reload, since the app state is suspect. */
export function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : null;
  return (
    <main id="main" className="container">
      <h1>Something went wrong</h1>
      <p role="alert">This page failed to load{detail ? `: ${detail}` : ''}.</p>
      <p>
        <a href="/">Reload your account</a>
      </p>
    </main>
  );
}
