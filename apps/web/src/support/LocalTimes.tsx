import { Fragment } from 'react';
import { formatDateTime } from '../format/formatDateTime.ts';

/** RFC 3339 / ISO 8601 moments as the service writes them into check details. */
const isoMoment = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** Text from the service with every timestamp in it shown in the reader's locale (the exact one in `dateTime`). */
export function LocalTimes({ text }: { text: string }) {
  const parts: (string | { iso: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(isoMoment)) {
    parts.push(text.slice(last, match.index), { iso: match[0] });
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, index) =>
        typeof part === 'string' ? (
          <Fragment key={index}>{part}</Fragment>
        ) : (
          <time key={index} dateTime={part.iso}>
            {formatDateTime(part.iso)}
          </time>
        ),
      )}
    </>
  );
}
