import type { Platform } from '../../platform/platform.js';
import type { Language } from './language.js';
import { llmApiKey } from './settings.js';

/**
 * Optional: an OpenAI-compatible chat-completions endpoint (a local model server, a hosted one)
 * rephrases a knowledge-base article as an answer to the patient's question. It never decides
 * anything (red flags, hand-offs and appointments are decided by code), sees only the article and
 * the question, and without the administrator's leave the question loses names, birth dates, phone
 * numbers and e-mail addresses first. Any error or a slow server: the article is sent as written.
 */
export interface PhrasingEndpoint { baseUrl: string; model: string; allowPhi: boolean }
const TIMEOUT_MS = 5_000;
const MAX_ANSWER = 1200;

const MONTH_NAMES = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic|set';

/** Removes what could identify the patient: e-mails, phone-like digit runs, dates, and the names the clinic knows. */
export function withoutPhi(text: string, names: string[]): string {
  let clean = text.normalize('NFC')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[e-mail]')
    .replace(/\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g, '[date]')
    .replace(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}\b/gi, '[date]')
    // Day first, as Spanish and British writers put it: "4 de marzo de 1980", "4th of March 1980", "4 March 1980".
    .replace(new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\.? (?:de |of )?(?:${MONTH_NAMES})[a-z]*\\.?,? (?:de |del )?\\d{4}\\b`, 'giu'), '[date]')
    .replace(new RegExp(`\\b(?:${MONTH_NAMES})[a-z]*\\.? \\d{1,2},? (?:de |del )?\\d{4}\\b`, 'giu'), '[date]')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, '[phone]');
  // Word edges by letters of any alphabet (\b sees "José" end before "é"), and the name also as written without accents.
  const words = names.flatMap((n) => n.normalize('NFC').split(/\s+/)).filter((n) => n.length >= 2);
  for (const name of new Set(words.flatMap((w) => [w, w.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')]))) {
    clean = clean.replace(new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'giu'), '[name]');
  }
  return clean;
}

interface ChatCompletion { choices?: { message?: { content?: unknown } }[] }

export async function phraseAnswer(platform: Platform, endpoint: PhrasingEndpoint, input: { question: string; title: string; body: string; language: Language; knownNames: string[] }): Promise<string> {
  const question = endpoint.allowPhi ? input.question : withoutPhi(input.question, input.knownNames);
  const key = llmApiKey(platform);
  try {
    const response = await fetch(`${endpoint.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      body: JSON.stringify({
        model: endpoint.model, temperature: 0.2, max_tokens: 400,
        messages: [
          {
            role: 'system',
            content: `You answer a clinic patient's question using only the clinic's article below. Answer in ${input.language === 'es' ? 'Spanish' : 'English'}, in at most three short sentences, `
              + 'without adding facts, advice or promises that are not in the article. If the article does not answer the question, reply with the article\'s key facts.'
              + `\n\nArticle: ${input.title}\n${input.body}`,
          },
          { role: 'user', content: question },
        ],
      }),
    });
    if (!response.ok) throw new Error(`the model server answered ${response.status}`);
    const content = ((await response.json()) as ChatCompletion).choices?.[0]?.message?.content;
    if (typeof content !== 'string' || !content.trim()) throw new Error('the model server gave no text');
    return content.trim().slice(0, MAX_ANSWER);
  } catch (error) {
    // Logged without the question or the answer: they may hold PHI.
    platform.logger.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'assistant phrasing fell back to the article text');
    return input.body;
  }
}
