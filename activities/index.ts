export { createActivities } from './notify.js';
export type { Activities, ActivityDependencies } from './notify.js';
export {
  NOTIFICATION_ID_HEADER,
  parseWebhookConfig,
  readWebhookConfig,
  SIGNATURE_HEADER,
  signature,
  TIMESTAMP_HEADER,
  WebhookConfigError,
  WebhookConfigSchema,
} from './webhooks.js';
export type { WebhookConfig, WebhookSubscription } from './webhooks.js';
