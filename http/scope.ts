import type { CaseView } from '../core/index.js';
import type { Principal } from './access.js';

/** The filters a role's scope can narrow: organisation and region. */
export interface ScopedFilter {
  readonly organisatie?: string | undefined;
  readonly regio?: string | undefined;
}

/**
 * Whether an integrator's reach covers a case (or a start): its organisation and its region are both among those
 * the token names. False for other roles.
 */
export function withinReach(principal: Principal, place: Pick<CaseView, 'organisatie' | 'regio'>): boolean {
  const reach = principal.role === 'integrator' ? principal.startIn : null;
  return (
    reach !== null && reach.organisaties.includes(place.organisatie) && reach.regios.includes(place.regio)
  );
}

/**
 * Whether a principal may read a case: auditors every case, coordinators those of their organisation or region,
 * integrators those within their reach (the cases they could have started). A case it may not read is answered
 * as an unknown one, so its id cannot be probed.
 */
export function mayRead(principal: Principal, view: Pick<CaseView, 'organisatie' | 'regio'>): boolean {
  if (principal.role === 'auditor') return true;
  if (principal.role === 'integrator') return withinReach(principal, view);
  return (
    view.organisatie === principal.organisatie || (principal.regio !== null && view.regio === principal.regio)
  );
}

/**
 * The filters a list request becomes within the principal's scope. An auditor's filter stands as it is. A
 * coordinator's scope is "organisation O or region R", which one visibility query cannot say, so the filter
 * becomes one query per part of the scope it is compatible with: narrowed to O, and narrowed to R. A filter
 * compatible with no part (another organisation in another region) gives no queries: the caller answers 403.
 */
export function scopedFilters<F extends ScopedFilter>(principal: Principal, filter: F): F[] {
  if (principal.role === 'auditor') return [filter];
  if (principal.role !== 'coordinator') return [];
  const scopes: ScopedFilter[] = [{ organisatie: principal.organisatie }];
  if (principal.regio !== null) scopes.push({ regio: principal.regio });
  const narrowed: F[] = [];
  const seen = new Set<string>();
  for (const scope of scopes) {
    const compatible = (['organisatie', 'regio'] as const).every(
      (key) => scope[key] === undefined || filter[key] === undefined || filter[key] === scope[key],
    );
    if (!compatible) continue;
    const query = { ...filter, ...scope };
    const key = JSON.stringify([query.organisatie, query.regio]);
    if (seen.has(key)) continue;
    seen.add(key);
    narrowed.push(query);
  }
  return narrowed;
}

/** A description of the principal's scope, for a 403 message. */
export function describeScope(principal: Principal): string {
  if (principal.role === 'auditor') return 'every case';
  if (principal.startIn !== null) {
    const { organisaties, regios } = principal.startIn;
    return `organisation ${organisaties.join(', ')} in region ${regios.join(', ')}`;
  }
  if (principal.regio === null) return `organisation ${principal.organisatie}`;
  return `organisation ${principal.organisatie} or region ${principal.regio}`;
}
