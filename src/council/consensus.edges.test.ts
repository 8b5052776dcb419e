/**
 * Consensus edges (SPEC §3.4; mutation testing, issue 15): short answers (≤ 6 words) by exact
 * match, longer ones by n-gram overlap; agreement from 0.5 inclusive; ties go to the earlier answer.
 */
import { describe, expect, it } from 'vitest';
import { AGREEMENT_THRESHOLD, clusterSizes, consensus, isShort, ngramSimilarity, normalise, SHORT_WORDS, similarity } from './consensus';

const SEVEN = 'a b c d e f g';
const REVERSED = 'g f e d c b a'; // same words, no bigram in common: similarity exactly 0.5

describe('normalise and short answers', () => {
  it('lower-cases, turns punctuation into spaces, keeps letters and digits of any script, collapses and trims', () => {
    expect(normalise('  Hello,   WORLD!! ')).toBe('hello world');
    expect(normalise('Ça-va? 42°C — Ünïcode')).toBe('ça va 42 c ünïcode');
    expect(normalise('a\t\nb')).toBe('a b');
    expect(normalise('?!')).toBe('');
  });

  it('≤ 6 words is short, 7 is not, nothing is not', () => {
    expect([SHORT_WORDS, AGREEMENT_THRESHOLD]).toEqual([6, 0.5]);
    expect(isShort('one two three four five six')).toBe(true);
    expect(isShort('one two three four five six seven')).toBe(false);
    expect(isShort('one, two; three')).toBe(true);
    expect(isShort('...')).toBe(false);
    expect(isShort('')).toBe(false);
  });
});

describe('similarity', () => {
  it('two short answers: exact match after normalising', () => {
    expect(similarity('42', ' 42. ')).toEqual({ score: 1, method: 'exact' });
    expect(similarity('Yes', 'no')).toEqual({ score: 0, method: 'exact' });
  });

  it('a short and a long answer: n-gram overlap', () => {
    expect(similarity('a', SEVEN)).toEqual({ score: 0.25, method: 'ngram' }); // unigrams only: 2·1/8
    expect(similarity(SEVEN, 'a')).toEqual({ score: 0.25, method: 'ngram' });
  });

  it('n-grams: the mean of unigram and bigram Dice, multisets counted', () => {
    expect(ngramSimilarity(SEVEN, SEVEN)).toBe(1);
    expect(ngramSimilarity(SEVEN, REVERSED)).toBe(0.5);
    expect(ngramSimilarity('a a b', 'a b b')).toBeCloseTo((2 * 2) / 6 / 2 + (2 * 1) / 4 / 2, 12); // uni 2/3, bi 1/2
    expect(ngramSimilarity('a a', 'a')).toBeCloseTo(2 / 3, 12); // one side single word: unigrams only
  });

  it('answers without words compare as text; one side without words shares nothing', () => {
    expect(ngramSimilarity(' ?! ', '?!')).toBe(1);
    expect(ngramSimilarity('?!', '!?')).toBe(0);
    expect(ngramSimilarity('', 'a b')).toBe(0);
    expect(ngramSimilarity('a b', '...')).toBe(0);
  });
});

describe('consensus', () => {
  it('none and single', () => {
    expect(consensus([])).toEqual({ index: -1, score: 0, agreeing: [], method: 'none', matrix: [] });
    expect(consensus(['x'])).toEqual({ index: 0, score: 1, agreeing: [0], method: 'single', matrix: [[1]] });
  });

  it('the answer with the highest mean agreement wins, with that mean', () => {
    const r = consensus(['no', 'yes', 'yes', 'Yes!']);
    expect(r).toMatchObject({ index: 1, score: 2 / 3, agreeing: [1, 2, 3], method: 'exact' });
    expect(r.matrix).toEqual([
      [1, 0, 0, 0],
      [0, 1, 1, 1],
      [0, 1, 1, 1],
      [0, 1, 1, 1],
    ]);
  });

  it('ties go to the earlier answer', () => {
    expect(consensus(['a', 'b'])).toMatchObject({ index: 0, score: 0, agreeing: [0] });
    expect(consensus(['a', 'b', 'b', 'a'])).toMatchObject({ index: 0, score: 1 / 3, agreeing: [0, 3] });
    expect(consensus(['b', 'a', 'a', 'b'])).toMatchObject({ index: 0, agreeing: [0, 3] });
  });

  it('agreement counts from 0.5 inclusive', () => {
    const r = consensus([SEVEN, REVERSED, 'z y x w v u t']);
    expect(r.matrix[0][1]).toBe(0.5);
    expect(r).toMatchObject({ index: 0, score: 0.25, agreeing: [0, 1], method: 'ngram' });
  });

  it('any long answer makes the method n-gram', () => {
    expect(consensus(['x', 'x', SEVEN]).method).toBe('ngram');
    expect(consensus(['x', 'x', 'y']).method).toBe('exact');
  });
});

describe('clusterSizes', () => {
  it('greedy by the first of each cluster, 0.5 joins, sizes descending', () => {
    expect(clusterSizes([])).toEqual([]);
    expect(clusterSizes(['a', 'b', 'b', 'c', 'b'])).toEqual([3, 1, 1]);
    expect(clusterSizes([SEVEN, REVERSED])).toEqual([2]);
    expect(clusterSizes([SEVEN, 'z y x w v u t'])).toEqual([1, 1]);
  });
});
