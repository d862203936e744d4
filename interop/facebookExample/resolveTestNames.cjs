// Preloaded (node --require) into the processes of the Facebook example-app journey: every
// *.test name resolves to 127.0.0.1, as Chromium's --host-resolver-rules does for the browser.
// Facebook's SDK accepts only origins shaped https://host.tld, so localhost cannot stand in.
'use strict';
const dns = require('node:dns');

const lookup = dns.lookup;
dns.lookup = function lookupTestNames(hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'object' && options !== null ? options : {};
  if (typeof hostname === 'string' && /\.test\.?$/i.test(hostname)) {
    if (opts.all) return process.nextTick(cb, null, [{ address: '127.0.0.1', family: 4 }]);
    return process.nextTick(cb, null, '127.0.0.1', 4);
  }
  return lookup.call(this, hostname, options, callback);
};
