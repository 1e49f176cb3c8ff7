import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectRedFlag, RED_FLAG_KINDS, redFlagReply, type RedFlag, type RedFlagKind } from '../src/modules/assistant/red-flags.js';

interface Labelled { text: string; language: 'en' | 'es'; expected: RedFlagKind | null; note?: string }

const fixtures = join(import.meta.dirname, 'fixtures');
const labelled: Labelled[] = readdirSync(fixtures)
  .filter((name) => /^red-flags.*\.json$/.test(name))
  .flatMap((name) => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Labelled[]);

const results = labelled.map((message) => ({ ...message, found: detectRedFlag(message.text) }));
const positives = results.filter((each) => each.expected !== null);
const negatives = results.filter((each) => each.expected === null);
const misses = positives.filter((each) => each.found === null);
const falseAlarms = negatives.filter((each) => each.found !== null);
const wrongKind = positives.filter((each) => each.found && each.found.kind !== each.expected);
const wrongLanguage = results.filter((each) => each.found && each.found.language !== each.language);

const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');
const quoted = (list: typeof results) => list.map((each) => `  "${each.text}" (expected ${each.expected}, got ${each.found?.kind ?? 'null'})`).join('\n');

function printFigures() {
  const rows: string[] = [`${'group'.padEnd(22)}${'flagged'.padStart(9)}${'total'.padStart(7)}${'rate'.padStart(9)}`];
  const row = (label: string, flagged: number, total: number) =>
    rows.push(`${label.padEnd(22)}${String(flagged).padStart(9)}${String(total).padStart(7)}${percent(flagged, total).padStart(9)}`);
  row('recall, all', positives.length - misses.length, positives.length);
  for (const kind of RED_FLAG_KINDS) {
    for (const language of ['en', 'es'] as const) {
      const group = positives.filter((each) => each.expected === kind && each.language === language);
      row(`recall ${kind} ${language}`, group.filter((each) => each.found).length, group.length);
    }
  }
  for (const language of ['en', 'es'] as const) {
    const group = positives.filter((each) => each.language === language);
    row(`recall ${language}`, group.filter((each) => each.found).length, group.length);
  }
  row('false alarms, all', falseAlarms.length, negatives.length);
  for (const language of ['en', 'es'] as const) {
    const group = negatives.filter((each) => each.language === language);
    row(`false alarms ${language}`, group.filter((each) => each.found).length, group.length);
  }
  rows.push(`kind confusions: ${wrongKind.length} of ${positives.length - misses.length} flagged positives`);
  rows.push(`language mismatches: ${wrongLanguage.length} of ${results.filter((each) => each.found).length} flagged messages`);
  if (falseAlarms.length) rows.push(`false alarms:\n${quoted(falseAlarms)}`);
  if (wrongKind.length) rows.push(`kind confusions:\n${quoted(wrongKind)}`);
  if (wrongLanguage.length) rows.push(`language mismatches:\n${wrongLanguage.map((each) => `  "${each.text}" (${each.language}, read as ${each.found?.language})`).join('\n')}`);
  console.log(`Red-flag detector on ${results.length} labelled messages\n${rows.join('\n')}`);
}

describe('the red-flag detector on the labelled set', () => {
  it('has at least 320 labelled messages, roughly half emergencies, covering every kind in both languages', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(320);
    expect(positives.length / labelled.length).toBeGreaterThan(0.4);
    expect(positives.length / labelled.length).toBeLessThan(0.6);
    for (const kind of RED_FLAG_KINDS) {
      for (const language of ['en', 'es'] as const) {
        expect(positives.filter((each) => each.expected === kind && each.language === language).length, `${kind} ${language}`).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it('flags every emergency in the set (recall 100%) and raises few false alarms (at most 10%)', () => {
    printFigures();
    expect(misses.length, `missed emergencies:\n${quoted(misses)}`).toBe(0);
    expect(falseAlarms.length / negatives.length, `false alarms:\n${quoted(falseAlarms)}`).toBeLessThanOrEqual(0.1);
  });
});

describe('what the detector reads and what it lets pass', () => {
  it('names the kind, the language and the words that matched', () => {
    expect(detectRedFlag('my dad\'s face is drooping')).toEqual({ kind: 'stroke', language: 'en', matched: 'face is drooping' });
    expect(detectRedFlag('me quiero matar')).toMatchObject({ kind: 'self_harm', language: 'es' });
  });

  it('still flags a current symptom after a negated one, and stops flagging when every symptom is denied', () => {
    expect(detectRedFlag('no fever but my chest hurts')?.kind).toBe('chest_pain');
    expect(detectRedFlag('no fever, no chest pain')).toBeNull();
  });

  it('takes empty, blank, emoji-only and very long messages without throwing (bad input)', () => {
    expect(detectRedFlag('')).toBeNull();
    expect(detectRedFlag('   \n\t ')).toBeNull();
    expect(detectRedFlag('🙏🙏🙏 ???')).toBeNull();
    expect(detectRedFlag(`${'please call me back about my bill '.repeat(300)}I can't breathe`)?.kind).toBe('breathing');
  });
});

describe('the fixed reply to a red flag', () => {
  const numbers = { emergency: '911', crisisLine: '988' };
  const flag = (kind: RedFlagKind, language: 'en' | 'es' = 'en'): RedFlag => ({ kind, language, matched: '' });
  // Every character in the GSM-7 default alphabet (one SMS = 160, two joined = 306 characters).
  const gsm7 = /^[A-Za-z0-9 @£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n]*$/;

  it('tells the patient to call the emergency number now, in English or in Spanish', () => {
    const english = redFlagReply(flag('chest_pain'), 'en', numbers);
    const spanish = redFlagReply(flag('chest_pain', 'es'), 'es', numbers);
    expect(english).toContain('Call 911 now');
    expect(spanish).toContain('Llame al 911 ahora');
    expect(spanish).not.toContain('Call');
  });

  it('uses the clinic\'s own numbers, not a built-in 911', () => {
    const reply = redFlagReply(flag('stroke'), 'en', { emergency: '112', crisisLine: '024' });
    expect(reply).toContain('112');
    expect(reply).not.toContain('911');
  });

  it('gives the crisis line, with a caring sentence, only for self-harm', () => {
    const selfHarm = redFlagReply(flag('self_harm'), 'en', numbers);
    expect(selfHarm).toContain('988');
    expect(selfHarm).toContain('911');
    expect(selfHarm).toMatch(/sorry/i);
    expect(redFlagReply(flag('self_harm', 'es'), 'es', numbers)).toMatch(/988[\s\S]*911|911[\s\S]*988/);
    for (const kind of RED_FLAG_KINDS.filter((each) => each !== 'self_harm')) {
      expect(redFlagReply(flag(kind), 'en', numbers), kind).not.toContain('988');
      expect(redFlagReply(flag(kind, 'es'), 'es', numbers), kind).not.toContain('988');
    }
  });

  it('fits in two SMS in plain GSM characters, even with long local numbers', () => {
    const long = { emergency: '+44 20 7946 0999', crisisLine: '+44 800 689 5652' };
    for (const kind of RED_FLAG_KINDS) {
      for (const language of ['en', 'es'] as const) {
        const reply = redFlagReply(flag(kind, language), language, long);
        expect(reply, `${kind} ${language}`).toMatch(gsm7);
        expect(reply.length, `${kind} ${language}: ${reply}`).toBeLessThanOrEqual(306);
      }
    }
  });
});
