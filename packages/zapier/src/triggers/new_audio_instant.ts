import {
  type Audio,
  categoryFilterField,
  MusiqueError,
  NotFoundError,
  operations,
  type WebhookEvent,
} from '@musique/core';
import {
  defineInputFields,
  defineTrigger,
  type WebhookTriggerPerform,
  type WebhookTriggerPerformList,
  type WebhookTriggerPerformSubscribe,
  type WebhookTriggerPerformUnsubscribe,
} from 'zapier-platform-core';
import { toZapierAudio } from '../audio.js';
import { audioOutput, inputField, readInput } from '../catalog.js';
import { withMusique } from '../client.js';
import { stepIdempotencyKey } from '../step-key.js';
import { checkWebhookSignature } from '../webhook-signature.js';
import { listNewestAudio } from './new_audio.js';

const SANDBOX_ONLY =
  'Sandbox only: this trigger needs webhooks, which the Musique sandbox has and the live Musique API does not. Against the live API the zap cannot be turned on (it says so); use **New Audio** there, which checks for new audio every few minutes.';

const inputFields = defineInputFields([
  { key: 'sandbox_only', type: 'copy', helpText: SANDBOX_ONLY },
  inputField(categoryFilterField, { help: 'Such as promotion. Leave blank for all audio.' }),
]);

/** How an API without webhooks (or a gateway before it) refuses them. */
const NO_WEBHOOKS: readonly (number | undefined)[] = [404, 405, 501];

interface Subscription {
  id: string;
  secret: string;
}

/** Asks Musique to POST each new upload to this zap's hook URL. */
const performSubscribe = (async (z, bundle) =>
  withMusique(z, bundle, async (client): Promise<Subscription> => {
    try {
      const url = bundle.targetUrl ?? '';
      // Keyed on the hook URL: a retried subscribe gets the same subscription back, not a second one.
      const idempotencyKey = stepIdempotencyKey(bundle, 'subscribe_new_audio', url);
      const webhook = await client.webhooks.create({ url, events: ['audio.created'] }, { idempotencyKey });
      return { id: webhook.webhookId, secret: webhook.secret };
    } catch (error) {
      // An API without webhooks refuses /webhooks: say what to use instead.
      if (!(error instanceof MusiqueError && NO_WEBHOOKS.includes(error.status))) throw error;
      throw new z.errors.Error(
        'This Musique API has no webhooks (only the Musique sandbox has them), so the instant trigger cannot start. Use the New Audio trigger instead; it checks for new audio every few minutes.',
        'webhooks_unavailable',
        404,
      );
    }
  })) satisfies WebhookTriggerPerformSubscribe<typeof inputFields>;

/** A subscription that is already gone counts as removed, so turning the zap off never fails on it. */
const performUnsubscribe = (async (z, bundle) => {
  const { id } = bundle.subscribeData as unknown as Subscription;
  return withMusique(z, bundle, (client) =>
    client.webhooks.delete(id).catch((error: unknown) => {
      if (error instanceof NotFoundError) return { deleted: true, webhookId: id };
      throw error;
    }),
  );
}) satisfies WebhookTriggerPerformUnsubscribe<typeof inputFields>;

/** One delivery: checked to be Musique's (signed with this subscription's secret), then filtered. */
const perform = (async (z, bundle) => {
  const subscription = bundle.subscribeData as unknown as Subscription | undefined;
  if (subscription?.secret && bundle.rawRequest) {
    checkWebhookSignature(z, subscription.secret, bundle.rawRequest);
  }
  const event = bundle.cleanedRequest as WebhookEvent;
  if (event?.type !== 'audio.created') return [];
  const audio = event.data as Audio;
  const { category } = readInput<{ category?: string }>(bundle, operations.listAudio, [categoryFilterField]);
  if (category && audio.category?.toLowerCase() !== category.toLowerCase()) return [];
  return [toZapierAudio(z, audio)];
}) satisfies WebhookTriggerPerform<typeof inputFields>;

/** Samples while the zap is being set up: the same audio, the same shape, as the polling trigger. */
const performList = listNewestAudio satisfies WebhookTriggerPerformList<typeof inputFields>;

export default defineTrigger({
  key: 'new_audio_instant',
  noun: 'Audio',
  display: {
    label: 'New Audio (Instant, Sandbox Only)',
    description:
      'Sandbox only: triggers the moment a new promo or announcement is uploaded to a Musique sandbox. The live Musique API has no webhooks; use New Audio there.',
  },
  operation: {
    type: 'hook',
    inputFields,
    performSubscribe,
    performUnsubscribe,
    perform,
    performList,
    ...audioOutput,
  },
});
