/**
 * Slack App Home: the home view's cards as one `home` view for views.publish, within Block Kit's limit of
 * 100 blocks per view (each section is already capped; the cap here is the last guard).
 */
import type { types } from '@slack/bolt';
import type { Card } from '../../chat/card';
import type { Locale } from '../../chat/i18n';
import { toBlocks } from './render';

/** Block Kit allows at most 100 blocks in a modal or Home tab view. */
export const HOME_MAX_BLOCKS = 100;

export interface HomeView {
  type: 'home';
  blocks: types.KnownBlock[];
}

/** Renders each card like a message, separated by dividers; block ids are made unique across cards. */
export function toHomeView(cards: Card[], locale: Locale): HomeView {
  const blocks: types.KnownBlock[] = [];
  cards.forEach((card, i) => {
    const part = toBlocks(card, { locale }).blocks.map(
      (b) => ({ ...b, ...(b.block_id ? { block_id: `h${i}:${b.block_id}` } : {}) }) as types.KnownBlock,
    );
    const divider: types.KnownBlock[] = i > 0 ? [{ type: 'divider' }] : [];
    if (blocks.length + divider.length + part.length > HOME_MAX_BLOCKS) return;
    blocks.push(...divider, ...part);
  });
  return { type: 'home', blocks };
}
