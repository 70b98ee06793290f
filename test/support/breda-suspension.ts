/**
 * The Breda route's clock suspended and resumed early in the late Breda seed (`scenarios/breda-te-laat.json`),
 * as scenario events to insert after its signal: suspended on Tuesday 3 March 2026 at 10:00, resumed on Thursday
 * 5 March at 08:00, so 1.9 days elapse and two whole days count.
 */
export function bredaSuspensionEvents(): Record<string, unknown>[] {
  const actor = { role: 'swv', id: 'swv-breda-cl-04' };
  return [
    {
      at: '2026-03-03T10:00:00+01:00',
      type: 'deadline.opgeschort',
      payload: { normId: 'breda-route', reden: 'wacht-op-gezin' },
      actor,
    },
    { at: '2026-03-05T08:00:00+01:00', type: 'deadline.hervat', payload: { normId: 'breda-route' }, actor },
  ];
}
