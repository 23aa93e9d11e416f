/**
 * @homefirst/webhooks — each council's feed delivered to its webhook subscriptions, signed to the Standard
 * Webhooks convention. Backoff, body, outcome and the subscription record are pure (`core/`); the Kafka and
 * HTTP shell is `delivery/` and `service/`; the `subscriptions` commands are `subscriptions/`.
 */
export { retryDelayMs, minimumWindowMs, backoffCeilingOf, type BackoffPolicy } from './core/backoff';
export { webhookBodyOf, webhookTypeOf, type WebhookBody } from './core/body';
export { outcomeOfStatus, reasonOf, type AttemptOutcome } from './core/outcome';
export {
  subscriptionRecordSchema,
  parseSubscription,
  endpointProblem,
  deadLetterTopicOf,
  type Subscription,
  type SubscriptionState,
} from './core/subscription';
export { signedHeaders, sendWebhook } from './delivery/send';
export { SubscriberDelivery, type DeliverySettings, type SubscriberCounts } from './delivery/subscriber';
export type { DeliveryLogRecord, DeadLetterRecord } from './delivery/records';
export {
  SUBSCRIPTIONS_TOPIC,
  DELIVERY_LOG_TOPIC,
  webhookTopics,
  ensureWebhookTopics,
  type WebhookTopics,
} from './delivery/topics';
export { WebhookService, type WebhookServiceOptions } from './service/webhook-service';
export * from './subscriptions/admin';
export { loadWebhooksConfig, type WebhooksConfig } from './config';
