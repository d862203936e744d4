/** The cookies one client holds for one origin (enough for driving server-rendered forms). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  remember(res: Response): void {
    for (const cookie of res.headers.getSetCookie()) {
      const match = /^([^=;]+)=([^;]*)/.exec(cookie);
      if (!match?.[1]) continue;
      const [, name, value = ''] = match;
      if (value === '' || /;\s*expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
