export { EventPublisher, type EventPublisherOptions, type PublishBatch } from './publisher';
export { MessageDedupe } from './message-dedupe';
export { IdentityIndex } from './identity-index';
