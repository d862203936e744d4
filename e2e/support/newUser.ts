export interface NewUser {
  username: string;
  email: string;
  password: string;
}

/** A unique account per journey, so journeys never depend on each other or on run order. */
export function newUser(prefix: string): NewUser {
  const username = `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  return { username, email: `${username}@example.com`, password: 'a long enough e2e password' };
}
