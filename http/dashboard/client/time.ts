// Moments on Amsterdam's clock, as the CLI prints them (cli/format.ts), whatever the browser's own time zone:
// deadlines are set in Dutch law on Dutch days, and a coordinator abroad must see the same dates.

/** The time zone every moment on the page is shown in. */
export const TIME_ZONE = 'Europe/Amsterdam';

const dateTime = new Intl.DateTimeFormat('nl-NL', {
  timeZone: TIME_ZONE,
  dateStyle: 'short',
  timeStyle: 'short',
});
const timeOfDay = new Intl.DateTimeFormat('nl-NL', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A moment as date and time in Amsterdam, or a dash. */
export function moment(iso: string | null | undefined): string {
  return iso === null || iso === undefined || iso === '' ? '—' : dateTime.format(new Date(iso));
}

/** The time of day in Amsterdam, `HH:MM:SS`. */
export function clock(date: Date): string {
  return timeOfDay.format(date);
}

/** A `<time>` element for a moment, its ISO form in `datetime` and the tooltip; a dash when there is none. */
export function timeElement(iso: string | null | undefined): HTMLTimeElement | string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const element = document.createElement('time');
  element.dateTime = iso;
  element.title = `${iso} (shown in Amsterdam time)`;
  element.textContent = moment(iso);
  return element;
}
