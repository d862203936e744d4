/** An operation's `:id` route for one resource; encoding keeps any id inside its path segment. */
export function pathWithId(path: string, id: string): string {
  return path.replace(':id', encodeURIComponent(id));
}
