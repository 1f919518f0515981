/** `/survey log`'s reply from a hand-made result: no database. */
import { describe, expect, it } from 'vitest';
import { surveyLoggedCard } from '../../../src/chat/cards/survey';

describe('surveyLoggedCard (pure)', () => {
  it('a day logged again shows the new mean (sum ÷ responses) and what it replaced', () => {
    const card = surveyLoggedCard('en', {
      outcome: 'updated',
      date: '2026-11-30',
      responses: 120,
      scoreSum: 552,
      mean: 4.6,
      before: { responses: 100, scoreSum: 450 },
    });
    expect(card.text).toBe(
      '120 responses, score sum 552.00 → mean 4.60 (sum ÷ responses)\n' +
        'Before: 100 responses, score sum 450.00. The change is in the audit log.',
    );
    expect(card.tone).toBe('success');
  });
});
