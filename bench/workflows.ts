// The bench's workflow bundle: the real case workflow and the bare one, hosted by one worker.
export { caseWorkflow } from '../workflows/index.js';
export { bareCaseWorkflow } from './bare-workflow.js';
