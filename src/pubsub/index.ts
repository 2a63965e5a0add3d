export {
  NoSubscribersError,
  PubSub,
  PubSubError,
  type PubSubFailureReason,
  type Subscription,
  SubscriptionTimeoutError,
} from "./pubsub.js";
