import type { LoadScenario } from './loadScenario.ts';

/** The baseline: GET /users/:id on the bare Express app, a different existing user each time. */
export function baselineScenario(url: string, userIds: string[]): LoadScenario {
  let next = 0;
  let found = 0;
  return {
    id: 'baseline',
    label: 'baseline: bare Express, one primary-key read',
    url,
    requests: [
      {
        setupRequest: (request) => {
          request.method = 'GET';
          request.path = `/users/${userIds[next++ % userIds.length]!}`;
          return request;
        },
        onResponse: (status) => {
          if (status === 200) found++;
        },
      },
    ],
    successes: async () => found,
    exhausted: () => false,
  };
}
