// `passend case show` lists the journal in time order: a warning at its warning moment, not at the due moment.
import { describe, expect, it } from 'vitest';
import { formatCase, formatMoment } from '../../cli/format.js';
import { advanceTo, viewCase } from '../../core/index.js';
import { openTestCase, T0 } from '../support/core-cases.js';

const DAY = 86_400_000;

describe('case show', () => {
  it('lists a deadline warning at its warning moment, in time order with the events and breaches', () => {
    const signal = Date.parse(T0);
    const opened = { state: openTestCase('r-1', T0) };
    // Noticed late, at once: the warning (5 days after the signal) and the breach (7 days after).
    const view = viewCase(advanceTo(opened.state, signal + 8 * DAY).state);
    const warning = view.journal.find((entry) => entry.kind === 'deadline.waarschuwing');
    const warnAt = warning?.kind === 'deadline.waarschuwing' ? warning.warnAt : undefined;
    expect(warnAt).toBe(new Date(signal + 5 * DAY).toISOString());

    const rows = formatCase(view)
      .split('\n')
      .filter((line) => /^\d+ /.test(line));
    const at = (text: string) => rows.findIndex((row) => row.includes(text));
    expect(rows[at('deadline.waarschuwing intake-na-signaal')]).toContain(formatMoment(warnAt ?? null));
    expect(at('signaal.gemeld')).toBeLessThan(at('deadline.waarschuwing intake-na-signaal'));
    expect(at('deadline.waarschuwing intake-na-signaal')).toBeLessThan(
      at('deadline.overschreden intake-na-signaal'),
    );
  });
});
