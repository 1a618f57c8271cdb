"""Push notifications: subscriptions, the outbox and delivery on the world clock."""
