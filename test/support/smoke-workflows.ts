import { condition, defineQuery, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

/** Sleeps `ms` of workflow time and returns how much workflow time passed. */
export async function sleepThenReturn(ms: number): Promise<number> {
  const start = Date.now();
  await sleep(ms);
  return Date.now() - start;
}

/** Adds its argument to the counter and returns the new value; negatives are rejected by the validator. */
export const addUpdate = defineUpdate<number, [number]>('add');

/** The counter's current value. */
export const valueQuery = defineQuery<number>('value');

/** A counter driven by the `add` update; completes with its value once that reaches 10. */
export async function counter(): Promise<number> {
  let value = 0;
  setHandler(
    addUpdate,
    (amount) => {
      value += amount;
      return value;
    },
    {
      validator: (amount) => {
        if (amount < 0) throw new Error(`cannot add a negative amount (${amount})`);
      },
    },
  );
  setHandler(valueQuery, () => value);
  await condition(() => value >= 10);
  return value;
}
