import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFromKnowledge } from '../src/modules/assistant/knowledge.js';
import { DEMO_ARTICLES, seedDemoKnowledge } from '../src/seed/demo-knowledge.js';
import { buildCareloop } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { addClinic, addStaff, apiToken, errorOf, postgresUrl, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

interface ArticleBody { id: string; title: string; body: string; category: string; language: string; phrasings: string[]; status: string; archived: boolean; updatedBy: { name: string } | null }
interface TryBody { answer: { articleId: string; title: string } | null; reason: string; terms: string[]; hits: { article: ArticleBody; score: number }[] }
const ARTICLE = { title: 'Wheelchair access', body: 'Both offices have step-free entrances and a wheelchair you can borrow at reception.', category: 'other', language: 'en', status: 'published' };

/**
 * Patient questions, as they arrive (typos, no accents, mixed phrasing), and the demo article the
 * assistant should answer with, or null: it must say it does not know and hand over to a person.
 */
const QUESTIONS: [question: string, language: 'en' | 'es', expected: string | null][] = [
  ['What time do you open?', 'en', 'Opening hours'],
  ['are you open on saturday', 'en', 'Opening hours'],
  ['what are your opning hours', 'en', 'Opening hours'],
  ['are you open christmas day', 'en', 'Opening hours'],
  ['where can i park', 'en', 'Parking'],
  ['parkng', 'en', 'Parking'],
  ['is there parking for my car', 'en', 'Parking'],
  ['do you have handicap parking', 'en', 'Parking'],
  ["what's your address", 'en', 'Our locations and how to reach us'],
  ['where is the north office', 'en', 'Our locations and how to reach us'],
  ['how much is a fluu shot', 'en', 'Prices for self-pay patients'],
  ['how much does a new patient visit cost', 'en', 'Prices for self-pay patients'],
  ['how much for a physical without insurance', 'en', 'Prices for self-pay patients'],
  ['can I get a flu shot', 'en', 'Flu shots'],
  ['do i need an appointment for the flu vaccine', 'en', 'Flu shots'],
  ['do you take aetna', 'en', 'Insurance plans we accept'],
  ['do you accept medicaid?', 'en', 'Insurance plans we accept'],
  ['is my insurence accepted', 'en', 'Insurance plans we accept'],
  ['do i have to fast before blood work', 'en', 'Before a blood test'],
  ['can I drink coffee before my labs', 'en', 'Before a blood test'],
  ['what should i bring to my physical', 'en', 'Preparing for your annual physical'],
  ['what do I need to bring for my first visit', 'en', 'Your first visit as a new patient'],
  ['do you see kids', 'en', 'Services we offer'],
  ['how do i cancel my appointment', 'en', 'Cancelling or changing an appointment'],
  ['I need to reschedule', 'en', 'Cancelling or changing an appointment'],
  ['horario de apertura', 'es', 'Horario de atención'],
  ['a que hora abren el sabado', 'es', 'Horario de atención'],
  ['donde puedo aparcar', 'es', 'Estacionamiento'],
  ['hay estacionamiento?', 'es', 'Estacionamiento'],
  ['cual es la direccion de la clinica', 'es', 'Nuestras oficinas'],
  ['aceptan medicaid', 'es', 'Seguros médicos que aceptamos'],
  ['cuanto cuesta la consulta', 'es', 'Precios sin seguro'],
  ['necesito cita para la vacuna de la gripe', 'es', 'Vacuna contra la gripe'],
  // Only in English: a Spanish question falls back to the English article.
  ['tengo que estar en ayunas para el analisis de sangre', 'es', 'Before a blood test'],
  // Added after a first run on questions the rules had not been tuned on (20 of 22 then; the two
  // misses were hand-overs: "today" was read as a topic word, and "leave my car" was no phrasing yet).
  ['when do you close today', 'en', 'Opening hours'],
  ['are you open sundays', 'en', 'Opening hours'],
  ['is the parking free', 'en', 'Parking'],
  ['where do i leave my car', 'en', 'Parking'],
  ['what is the phone number for the north clinic', 'en', 'Our locations and how to reach us'],
  ['do you accept blue cross', 'en', 'Insurance plans we accept'],
  ['do you take humana', 'en', 'Insurance plans we accept'],
  ['how much is an annual physical', 'en', 'Prices for self-pay patients'],
  ['can i pay with cash', 'en', 'Prices for self-pay patients'],
  ['do i need to fast for labs', 'en', 'Before a blood test'],
  ['can my kid get a flu shot', 'en', 'Flu shots'],
  ['is there a pediatrician', 'en', 'Services we offer'],
  ['donde estan ubicados', 'es', 'Nuestras oficinas'],
  ['abren los domingos', 'es', 'Horario de atención'],
  ['aceptan aseguranza', 'es', 'Seguros médicos que aceptamos'],
  ['cuanto cuesta la vacuna', 'es', 'Precios sin seguro'],
  ['can i get a covid test', 'en', null],
  ['my prescription ran out', 'en', null],
  ['is dr chen nice', 'en', null],
  ['necesito una receta', 'es', null],
  ['where is the pharmacy', 'en', null],
  ['do you do x-rays', 'en', null],
  ['can you fix my car', 'en', null],
  ["what's my lab result", 'en', null],
  ['what is the weather tomorrow', 'en', null],
  ['I have a rash on my arm', 'en', null],
  ['do you sell dog food', 'en', null],
  ['can I book a dentist appointment', 'en', null],
  ['hello', 'en', null],
  // One word that only looks like a body word ("rash" is one typo from "cash"): too weak a match.
  ['I have a rash', 'en', null],
  // Two preparation articles say what to bring: which visit? Better to ask a person than to guess.
  ['what should I bring', 'en', null],
  // The records article is a draft: the assistant never answers from drafts.
  ['how do I get my medical records', 'en', null],
  ['cual es mi resultado de laboratorio', 'es', null],
  ['quiero hablar con una persona', 'es', null],
  ['me duele la cabeza desde ayer', 'es', null],
];

describe('knowledge base', () => {
  let clinic: TestClinic;
  let admin: Client;
  let agent: Client;
  const titleOf = new Map<string, string>();

  beforeAll(async () => {
    clinic = await startClinic();
    await seedDemoKnowledge(clinic.careloop.platform, clinic.organizationId);
    admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
    agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    const list = await agent.request('GET', '/api/knowledge/articles');
    for (const article of list.json<{ items: { id: string; title: string }[] }>().items) titleOf.set(article.id, article.title);
  }, 60_000);
  afterAll(async () => clinic?.close());

  it('seeds the demo articles, every one listed', () => {
    expect(titleOf.size).toBe(DEMO_ARTICLES.length);
  });

  it('answers each calibration question with the expected article, or does not answer', async () => {
    const wrong: string[] = [];
    let answered = 0;
    let shouldAnswer = 0;
    for (const [question, language, expected] of QUESTIONS) {
      const answer = await answerFromKnowledge(clinic.careloop.platform, clinic.organizationId, question, language);
      const got = answer ? titleOf.get(answer.articleId) ?? answer.title : null;
      if (expected) shouldAnswer++;
      if (expected && got === expected) answered++;
      if (process.env.KNOWLEDGE_DEBUG) {
        const tried = (await agent.request('POST', '/api/knowledge/try', { question, language })).json<{ reason: string; terms: string[]; hits: { article: { title: string }; score: number; coverage: number; strength: number }[] }>();
        console.log(`${got === expected ? 'ok ' : 'BAD'} ${question} [${tried.terms.join(' ')}] -> ${tried.hits.map((hit) => `${hit.article.title} ${hit.score}/${hit.coverage}/${hit.strength}`).join(' | ')}`);
      }
      if (got !== expected) wrong.push(`"${question}" (${language}): expected ${expected ?? 'no answer'}, got ${got ?? 'no answer'}`);
    }
    const unanswered = QUESTIONS.filter(([, , expected]) => expected === null).length;
    console.log(`knowledge calibration: ${QUESTIONS.length - wrong.length}/${QUESTIONS.length} as expected; `
      + `hit rate ${answered}/${shouldAnswer} answerable questions answered right; ${unanswered} questions correctly left to a person: ${unanswered - wrong.filter((line) => line.includes('expected no answer')).length}/${unanswered}`);
    expect(wrong).toEqual([]);
  });

  it('lets an administrator write an article that the assistant then answers with, found by a misspelt question', async () => {
    const created = await admin.request('POST', '/api/knowledge/articles', { ...ARTICLE, title: '  Wheelchair access ', phrasings: ['Can I borrow a wheelchair?', 'Can I borrow a wheelchair?'] });
    expect(created.statusCode).toBe(201);
    const article = created.json<ArticleBody>();
    expect(article).toMatchObject({ title: 'Wheelchair access', status: 'published', archived: false, phrasings: ['Can I borrow a wheelchair?'] });
    const tried = await agent.request('POST', '/api/knowledge/try', { question: 'can i borow a wheelchiar', language: 'en' });
    expect(tried.statusCode).toBe(200);
    expect(tried.json<TryBody>().answer?.articleId).toBe(article.id);

    const drafted = await admin.request('PATCH', `/api/knowledge/articles/${article.id}`, { status: 'draft' });
    expect(drafted.json<ArticleBody>().status).toBe('draft');
    expect((await agent.request('POST', '/api/knowledge/try', { question: 'can i borrow a wheelchair', language: 'en' })).json<TryBody>().answer).toBeNull();
    // Staff search still finds the draft.
    const search = await agent.request('GET', '/api/knowledge/search?q=wheelchair&language=en');
    expect(search.json<TryBody>().hits[0]?.article.id).toBe(article.id);

    await admin.request('PATCH', `/api/knowledge/articles/${article.id}`, { status: 'published' });
    const archived = await admin.request('PATCH', `/api/knowledge/articles/${article.id}`, { archived: true });
    expect(archived.json<ArticleBody>().archived).toBe(true);
    expect(await answerFromKnowledge(clinic.careloop.platform, clinic.organizationId, 'can I borrow a wheelchair', 'en')).toBeNull();
    const listed = (await agent.request('GET', '/api/knowledge/articles')).json<{ items: ArticleBody[] }>().items;
    expect(listed.map((item) => item.id)).not.toContain(article.id);
    const archivedList = (await agent.request('GET', '/api/knowledge/articles?archived=true')).json<{ items: ArticleBody[] }>().items;
    expect(archivedList.map((item) => item.id)).toEqual([article.id]);
    await admin.request('PATCH', `/api/knowledge/articles/${article.id}`, { archived: false });
    expect((await answerFromKnowledge(clinic.careloop.platform, clinic.organizationId, 'can I borrow a wheelchair', 'en'))?.articleId).toBe(article.id);
  });

  it('ranks search hits with scores, filters by language and category, and reads the question without accents', async () => {
    const search = await agent.request('GET', `/api/knowledge/search?q=${encodeURIComponent('dónde puedo estacionar')}&language=es`);
    expect(search.statusCode).toBe(200);
    const result = search.json<TryBody>();
    expect(result.terms).toEqual(['parking']);
    expect(result.hits[0]?.article.title).toBe('Estacionamiento');
    expect(result.hits.every((hit) => hit.article.language === 'es')).toBe(true);
    const scores = result.hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const both = (await agent.request('GET', '/api/knowledge/search?q=parking')).json<TryBody>();
    expect(new Set(both.hits.map((hit) => hit.article.language))).toEqual(new Set(['en', 'es']));
    const prices = (await agent.request('GET', '/api/knowledge/articles?category=prices&language=es')).json<{ items: ArticleBody[] }>().items;
    expect(prices.map((item) => item.title)).toEqual(['Precios sin seguro']);
  });

  it('explains why the assistant would not answer', async () => {
    const tried = (await agent.request('POST', '/api/knowledge/try', { question: 'can you fix my car', language: 'en' })).json<TryBody>();
    expect(tried.answer).toBeNull();
    expect(tried.reason).toMatch(/matches only 1 of 2/);
  });

  it('lets agents read but not write (403), and anonymous callers nothing (401)', async () => {
    expect((await agent.request('POST', '/api/knowledge/articles', ARTICLE)).statusCode).toBe(403);
    const [first] = [...titleOf.keys()];
    expect((await agent.request('PATCH', `/api/knowledge/articles/${first}`, { title: 'Changed' })).statusCode).toBe(403);
    expect((await agent.request('GET', `/api/knowledge/articles/${first}`)).statusCode).toBe(200);
    expect((await clinic.careloop.app.inject({ method: 'GET', url: '/api/knowledge/articles' })).statusCode).toBe(401);
  });

  it.each([
    ['a blank title', { ...ARTICLE, title: '   ' }, 'title'],
    ['a blank body', { ...ARTICLE, body: '' }, 'body'],
    ['an unknown category', { ...ARTICLE, category: 'gossip' }, 'category'],
    ['an unknown language', { ...ARTICLE, language: 'fr' }, 'language'],
    ['a title over 200 characters', { ...ARTICLE, title: 'x'.repeat(201) }, 'title'],
    ['a body over 10000 characters', { ...ARTICLE, body: 'x'.repeat(10_001) }, 'body'],
    ['a blank phrasing', { ...ARTICLE, phrasings: ['fine', ' '] }, 'phrasings'],
    ['31 phrasings', { ...ARTICLE, phrasings: Array.from({ length: 31 }, (_, i) => `question ${i}`) }, 'phrasings'],
    ['an unknown field', { ...ARTICLE, author: 'me' }, 'author'],
    ['no category', { title: 'x', body: 'y', language: 'en' }, 'category'],
  ])('refuses %s with 400 in the one error shape, writing nothing', async (_, body, field) => {
    const before = (await admin.request('GET', '/api/knowledge/articles?limit=500')).json<{ total: number }>().total;
    const response = await admin.request('POST', '/api/knowledge/articles', body);
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('invalid_request');
    expect(JSON.stringify(error.details)).toContain(field);
    expect((await admin.request('GET', '/api/knowledge/articles?limit=500')).json<{ total: number }>().total).toBe(before);
  });

  it('refuses bad edits and questions: an empty change, a blank title, an unknown field, a blank or missing question, an unknown language', async () => {
    const [first] = [...titleOf.keys()];
    for (const body of [{}, { title: ' ' }, { archived: 'yes' }, { colour: 'red' }]) {
      const response = await admin.request('PATCH', `/api/knowledge/articles/${first}`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(response).code).toBe('invalid_request');
    }
    expect((await agent.request('GET', `/api/knowledge/articles/${first}`)).json<ArticleBody>().title).toBe(titleOf.get(first!));
    for (const body of [{ question: '  ', language: 'en' }, { language: 'en' }, { question: 'parking', language: 'fr' }, { question: 'x'.repeat(501), language: 'en' }]) {
      expect((await agent.request('POST', '/api/knowledge/try', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await agent.request('GET', '/api/knowledge/search?q=')).statusCode).toBe(400);
    expect((await agent.request('GET', '/api/knowledge/search?q=parking&language=de')).statusCode).toBe(400);
    expect((await agent.request('GET', '/api/knowledge/articles/not-a-uuid')).statusCode).toBe(400);
  });

  it("keeps clinics apart: another clinic's article is not found (404) and never answers", async () => {
    const other = await addClinic(clinic.careloop, 'elsewhere');
    const otherAdmin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId, 'admin'));
    const theirs = (await otherAdmin.request('POST', '/api/knowledge/articles', { ...ARTICLE, title: 'Valet parking', body: 'Valet parking at the door, free.' })).json<ArticleBody>();
    expect((await admin.request('GET', `/api/knowledge/articles/${theirs.id}`)).statusCode).toBe(404);
    const edit = await admin.request('PATCH', `/api/knowledge/articles/${theirs.id}`, { title: 'Mine now' });
    expect(edit.statusCode).toBe(404);
    expect(errorOf(edit).code).toBe('not_found');
    expect((await admin.request('GET', '/api/knowledge/search?q=valet')).json<TryBody>().hits).toEqual([]);
    expect((await otherAdmin.request('GET', `/api/knowledge/articles/${theirs.id}`)).json<ArticleBody>().title).toBe('Valet parking');
    expect(await answerFromKnowledge(clinic.careloop.platform, other.organizationId, 'where do I park', 'en')).toMatchObject({ articleId: theirs.id });
  });

  it('rebuilds the index when the knowledge version moved, as another process writing would make it', async () => {
    const db = clinic.careloop.platform.db;
    const parking = [...titleOf].find(([, title]) => title === 'Parking')![0];
    const ask = async () => (await agent.request('GET', '/api/knowledge/search?q=zeppelin&language=en')).json<TryBody>().hits.map((hit) => hit.article.id);
    expect(await ask()).toEqual([]);
    // A change without a version bump stays unseen: the index really is the cached one ...
    await sql`update knowledge_articles set body = body || ' Zeppelin mooring on the roof.' where id = ${parking}`.execute(db);
    expect(await ask()).toEqual([]);
    // ... and the bump every write makes is what tells each process to rebuild.
    await sql`update knowledge_versions set version = version + 1 where organization_id = ${clinic.organizationId}`.execute(db);
    expect(await ask()).toEqual([parking]);
  });

  it.skipIf(!postgresUrl)('serves a write made through one server process from another process at once (PostgreSQL)', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', SMTP_LISTEN_PORT: '0', DATABASE_URL: clinic.careloop.platform.config.databaseUrl! });
    const second = await buildCareloop(config, { logger: false, workers: false });
    try {
      const secondAgent = tokenClient(second, await apiToken(second, clinic.organizationId, 'agent'));
      const ask = async () => (await secondAgent.request('POST', '/api/knowledge/try', { question: 'do you have a defibrilator', language: 'en' })).json<TryBody>().answer;
      expect(await ask()).toBeNull(); // the second process has built its index now
      const created = (await admin.request('POST', '/api/knowledge/articles', { ...ARTICLE, title: 'Defibrillator', body: 'A defibrillator hangs next to reception at both offices.' })).json<ArticleBody>();
      expect((await ask())?.articleId).toBe(created.id);
    } finally {
      await second.close();
    }
  });
});
