/**
 * How the knowledge base reads text: lower case without accents ("Dirección" and "direccion" are
 * one word), the small words of each language left out, and a few synonyms folded onto one
 * word that is the same in both languages ("cost", "fee", "cuánto cuesta" and "precio" all become
 * "price"), so a question in Spanish still finds the word an English article is about.
 */
export type KnowledgeLanguage = 'en' | 'es';

const STOP_WORDS: Record<KnowledgeLanguage, ReadonlySet<string>> = {
  en: new Set(`a an the is are am was were be been being do does did doing i im i'm you your yours we our us me my mine it its this that these those
    to of in on at for with from by as or and but if so not no yes there here what whats when where wheres how which who whom why
    can could should would will shall may might must have has had get got any some about need needs want wants please hi hello hey
    thanks thank know tell let lets much many time times day days today tomorrow tonight now currently out up also just like ok okay dear sir madam again still they them their
    s t d ll re ve m`.split(/\s+/)),
  es: new Set(`el la los las lo un una unos unas de del al a en y e o u que es son ser soy eres fue era esta estan estoy este esto estos
    para por con sin mi mis su sus tu tus se me te le les nos como cuando donde cual cuales quien hay hola buenas buenos dias tardes noches
    puedo puede pueden podria quiero quisiera necesito tienen tiene tengo ustedes usted yo si no gracias favor muy mas ya hacer hace
    saber sabe decir dime estar hoy manana ahora algo alguna alguno porque pero tambien todo toda ahi aqui vez veces dia`.split(/\s+/)),
};

/**
 * Words that mean the same to a patient, each folded onto its group's first word. Written without
 * accents (the text is folded before it is looked up).
 */
const SYNONYM_GROUPS: string[][] = [
  ['price', 'prices', 'cost', 'costs', 'costing', 'fee', 'fees', 'charge', 'charges', 'pay', 'paying', 'payment', 'expensive', 'cheap', 'rate', 'rates',
    'precio', 'precios', 'cuesta', 'cuestan', 'costo', 'costos', 'coste', 'cobran', 'cobra', 'tarifa', 'tarifas', 'pagar', 'pago'],
  ['hours', 'hour', 'open', 'opens', 'opening', 'close', 'closes', 'closing',
    'horario', 'horarios', 'hora', 'horas', 'abren', 'abre', 'abierto', 'abiertos', 'apertura', 'cierran', 'cierra'],
  ['parking', 'park', 'parked', 'car', 'cars', 'garage',
    'estacionamiento', 'estacionar', 'estaciono', 'aparcar', 'aparcamiento', 'aparco', 'parqueo', 'parquear', 'coche', 'carro', 'auto'],
  ['insurance', 'insurances', 'insured', 'insurer', 'coverage', 'seguro', 'seguros', 'aseguranza', 'aseguradora', 'aseguradoras'],
  ['flu', 'influenza', 'gripe'],
  ['vaccine', 'vaccines', 'vaccination', 'vaccinated', 'shot', 'shots', 'jab', 'vacuna', 'vacunas', 'vacunarme', 'vacunacion', 'inyeccion'],
  ['address', 'location', 'locations', 'located', 'directions', 'direccion', 'ubicacion', 'ubicados', 'ubicada', 'quedan', 'queda'],
  ['saturday', 'saturdays', 'sabado', 'sabados'],
  ['sunday', 'sundays', 'domingo', 'domingos'],
  ['weekend', 'weekends', 'finde'],
  ['blood', 'sangre'],
  ['lab', 'labs', 'laboratory', 'laboratorio', 'analisis'],
  ['fasting', 'fast', 'ayuno', 'ayunas', 'ayunar'],
  ['physical', 'checkup', 'checkups', 'chequeo', 'fisico', 'revision'],
  ['walk', 'walkin', 'walkins'],
  ['child', 'children', 'kid', 'kids', 'pediatric', 'pediatrics', 'nino', 'ninos', 'hijo', 'hija', 'hijos', 'pediatria'],
  ['appointment', 'appointments', 'book', 'booking', 'schedule', 'cita', 'citas', 'reservar', 'agendar'],
];

/** Phrases that mean one thing, read before the words are split ("how much" asks for a price). */
const PHRASES: [RegExp, string][] = [
  [/\bhow much\b/g, ' price '],
  [/\bcuanto (cuesta|cuestan|vale|valen|cobran|cobra|sale|es)\b/g, ' price '],
  [/\bfin de semana\b/g, ' weekend '],
  [/\bsin cita\b/g, ' walk '],
  [/\bwalk[- ]ins?\b/g, ' walk '],
  [/\bcheck[- ]ups?\b/g, ' physical '],
];

const CANONICAL = new Map<string, string>(SYNONYM_GROUPS.flatMap((group) => group.map((word) => [word, group[0]!] as const)));

/** Lower case, accents gone (ñ becomes n), every run of other characters one space. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}-]+/gu, ' ');
}

/** Whether two words are at most one edit apart (a letter missing, extra, wrong, or two swapped). */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.slice(i + 1) === b.slice(i + 1)) return true; // one letter changed
  if (a.slice(i + 1) === b.slice(i)) return true; // one letter extra in a
  if (a.slice(i) === b.slice(i + 1)) return true; // one letter missing from a
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // two letters swapped
}

/**
 * A misspelt synonym ("opning", "parkign") read as the synonym: the index holds only the group's
 * word, so MiniSearch's own typo tolerance would not find the group from a misspelt member.
 * Words of five letters or more, one edit away.
 */
function typoSynonym(word: string): string | undefined {
  if (word.length < 5) return undefined;
  for (const [member, canonical] of CANONICAL) if (member.length >= 5 && oneEditApart(word, member)) return canonical;
  return undefined;
}

/**
 * The words of a text that the search compares, in the text's language, synonyms folded.
 * `question`: the text is a patient's question, whose misspelt synonyms are read as the synonym.
 */
export function searchTerms(text: string, language: KnowledgeLanguage, question = false): string[] {
  let folded = fold(text);
  for (const [phrase, replacement] of PHRASES) folded = folded.replace(phrase, replacement);
  const stop = STOP_WORDS[language];
  const terms: string[] = [];
  for (const raw of folded.split(/[\s-]+/)) {
    if (!raw || stop.has(raw)) continue;
    terms.push(CANONICAL.get(raw) ?? (question ? typoSynonym(raw) : undefined) ?? raw);
  }
  return terms;
}

/** The distinct words of a question: the measure of how much of it an article answers. */
export const questionTerms = (question: string, language: KnowledgeLanguage) => [...new Set(searchTerms(question, language, true))];
