/** A subscription type as the API shows it (the tutorial's SubscriptionTypes fields). */
export type SubscriptionTypeView = { id: string; type: string; channelName: string; channelResource: string };

export const subscriptionTypeViewSelect = { id: true, type: true, channelName: true, channelResource: true } as const;
