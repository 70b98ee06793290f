import { defineSignal, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CaseVisibility } from '../core/index.js';

/** What a case tells another open case of the same child in its region: that it opened, or that it closed. */
export interface KindCasusBericht {
  /** The workflow id of the case that opened or closed. */
  readonly workflowId: string;
  readonly open: boolean;
}

/** Sent by one case of a child to another (through the `meldKindCasus` activity); in the receiver's history. */
export const kindCasusSignal = defineSignal<[KindCasusBericht]>('kindCasus');

/** What `meldKindCasus` is asked: announce this case's opening to the other open cases, or its closing to `aan`. */
export interface KindCasusMelding {
  readonly kindReferentie: string;
  readonly regio: string;
  readonly workflowId: string;
  readonly open: boolean;
  /** Closing only: the cases to tell (the ones this case knows to be open). */
  readonly aan?: readonly string[];
}

/** One child, one plan, as the workflow host keeps it: which other cases of the child are open in the region. */
export interface OneChild {
  /** The record to publish, flagged when another case of the child is open (unchanged for a case without one). */
  flagged(visibility: CaseVisibility): CaseVisibility;
  /** Tells the other open cases that this one closed, so they recompute; awaited before the workflow ends. */
  close(): Promise<void>;
  /** What a run continued as new carries: the open cases this one knows (nothing for a case without a child). */
  carried(): { kindCasussen?: string[] };
}

const WITHOUT_CHILD: OneChild = {
  flagged: (visibility) => visibility,
  close: () => Promise.resolve(),
  carried: () => ({}),
};

/**
 * Watches the other open cases of a case's child in its region. The cases it knows follow from its history alone:
 * the answer of the activity that listed them when this run began, the signals of cases that opened or closed
 * since, and (a run continued as new) the cases the run before knew, carried in its input. A case without a child reference (every case recorded before it existed) gets no handler and
 * makes no command, so its history replays as it was recorded. `changed` wakes the host to publish again.
 */
export function watchOneChild(
  kindReferentie: string | undefined,
  regio: string,
  changed: () => void,
  known: readonly string[] | undefined,
): OneChild {
  if (kindReferentie === undefined) return WITHOUT_CHILD;
  const { meldKindCasus } = proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    // Visibility or a sibling's server may be briefly away; after this the flag is left as it stands (logged).
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
  });
  const workflowId = workflowInfo().workflowId;
  // A run continued as new starts from the cases the run before knew, so its flag does not drop while it lists.
  const open = new Set<string>(known);
  // A case that told us it closed never counts again, even when a listing made before it closed arrives later.
  const closed = new Set<string>();
  setHandler(kindCasusSignal, (bericht) => {
    if (bericht.workflowId === workflowId) return;
    if (bericht.open && !closed.has(bericht.workflowId)) open.add(bericht.workflowId);
    if (!bericht.open) {
      closed.add(bericht.workflowId);
      open.delete(bericht.workflowId);
    }
    changed();
  });
  const announced = meldKindCasus({ kindReferentie, regio, workflowId, open: true }).then(
    (found) => {
      for (const id of found) if (!closed.has(id) && id !== workflowId) open.add(id);
      changed();
    },
    (error: unknown) => {
      log.warn('the other open cases of the child were not found', { error: String(error) });
    },
  );
  return {
    flagged: (visibility) => ({ ...visibility, dubbeleCasus: open.size > 0 }),
    carried: () => ({ kindCasussen: [...open].sort() }),
    close: async () => {
      await announced;
      // A case may tell us it opened while we tell the others we closed: tell each case we knew, once.
      const told = new Set<string>();
      for (;;) {
        const aan = [...open].filter((id) => !told.has(id)).sort();
        if (aan.length === 0) return;
        for (const id of aan) told.add(id);
        try {
          await meldKindCasus({ kindReferentie, regio, workflowId, open: false, aan });
        } catch (error) {
          log.warn('the other open cases of the child were not told this one closed', {
            error: String(error),
          });
        }
      }
    },
  };
}
