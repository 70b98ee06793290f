// `passend case show` lists the journal in time order: a warning at its warning moment, not at the due moment.
import { describe, expect, it } from 'vitest';
import { formatCase, formatMoment } from '../../cli/format.js';
import { advanceTo, applyEvent, viewCase } from '../../core/index.js';
import { accepted, ev, openTestCase, T0 } from '../support/core-cases.js';

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

  it('marks an event withdrawn by a correction, names what the correction withdrew and the breach it retracted', () => {
    const day = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();
    let state = openTestCase('r-1', T0);
    state = accepted(
      applyEvent(state, ev('mdo.afgesproken', { soort: 'licht', sporen: ['kind'] }, day(2)), day(2)),
    ).state;
    state = accepted(
      applyEvent(state, ev('zorg.aangemeld', { spoor: 'kind', aanbieder: 'a-1' }, day(3)), day(3)),
    ).state;
    state = advanceTo(state, day(40)).state;
    state = accepted(
      applyEvent(state, ev('correctie', { seq: 3, reden: 'verkeerde-casus' }, day(41)), day(41)),
    ).state;
    const view = viewCase(state);
    const correction = view.journal.find(
      (entry) => entry.kind === 'gebeurtenis' && entry.type === 'correctie',
    )!;
    const breach = view.journal.find((entry) => entry.kind === 'deadline.overschreden')!;
    const rows = formatCase(view)
      .split('\n')
      .filter((line) => /^\d+ /.test(line));
    const row = (seq: number) => rows.find((line) => line.startsWith(`${seq} `));
    expect(row(3)).toContain(`zorg.aangemeld [gecorrigeerd door #${correction.seq}: verkeerde-casus]`);
    expect(row(correction.seq)).toContain('correctie van #3 (verkeerde-casus)');
    expect(row(correction.seq + 1)).toContain(
      `deadline.ingetrokken treeknorm-intake (na correctie #${correction.seq}; trekt #${breach.seq} in)`,
    );
  });
});
