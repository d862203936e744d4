/** Leaves the app for another page; its own module so tests can stand in for the browser. */
export function assignLocation(url: string): void {
  window.location.assign(url);
}
