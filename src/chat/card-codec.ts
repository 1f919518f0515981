import type { Card } from './card';

/** Cards travel through the outbox as JSON; image bytes become base64. */
export type StoredCard = Omit<Card, 'image'> & { image?: { pngBase64: string; alt: string; title?: string } };

export function encodeCard(card: Card): StoredCard {
  const { image, ...rest } = card;
  if (!image) return rest;
  return {
    ...rest,
    image: { pngBase64: Buffer.from(image.png).toString('base64'), alt: image.alt, title: image.title },
  };
}

export function decodeCard(stored: StoredCard): Card {
  const { image, ...rest } = stored;
  if (!image) return rest;
  return {
    ...rest,
    image: {
      png: new Uint8Array(Buffer.from(image.pngBase64, 'base64')),
      alt: image.alt,
      title: image.title,
    },
  };
}
