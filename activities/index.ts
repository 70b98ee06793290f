export { createActivities } from './notify.js';
export type { Activities, ActivityDependencies } from './notify.js';
