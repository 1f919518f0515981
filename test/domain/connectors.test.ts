/** When `/mops settings connectors` says the next pull runs, against the scheduler's crons: no database. */
import { describe, expect, it } from 'vitest';
import { cronsFor } from '../../jobs/timing';
import { nextPullAt } from '../../src/domain/connectors';
import { defaultSettings } from '../../src/domain/settings';
import { testConfig } from '../helpers/deps';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

describe('nextPullAt', () => {
  it.each([
    ['2026-11-27T01:20:00', '2026-11-27T02:15:00'],
    ['2026-11-27T07:15:00', '2026-11-27T08:15:00'],
    ['2026-11-27T08:15:00', '2026-11-27T08:30:00'],
    ['2026-11-27T08:20:00', '2026-11-27T08:30:00'],
    ['2026-11-27T08:30:00', '2026-11-27T09:15:00'],
    ['2026-11-27T23:40:00', '2026-11-28T00:15:00'],
  ])('at %s the next pull is %s (hourly at :15, yesterday’s final figures at 08:30)', (now, next) => {
    expect(nextPullAt(at(now), TZ)).toEqual(at(next));
  });

  it('the scheduler runs the metrics pull at the same times the card announces', () => {
    expect(cronsFor('metrics-pull', defaultSettings(testConfig()))).toEqual(['15 * * * *', '30 8 * * *']);
  });
});
