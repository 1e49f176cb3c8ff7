/** English or Spanish, from the words of a message; null when the message does not say (a number, a name, "ok"). */
export type Language = 'en' | 'es';

const SPANISH = new Set([
  'hola', 'quiero', 'quisiera', 'necesito', 'cita', 'citas', 'gracias', 'por', 'favor', 'donde', 'cuando', 'como', 'que', 'cual', 'horario',
  'tengo', 'mi', 'el', 'la', 'los', 'las', 'de', 'del', 'para', 'es', 'esta', 'estoy', 'puedo', 'pueden', 'una', 'un', 'con', 'hablar', 'persona',
  'cancelar', 'cambiar', 'confirmar', 'agendar', 'reservar', 'buenos', 'buenas', 'dias', 'tardes', 'noches', 'ayuda', 'aceptan', 'seguro',
  'estacionamiento', 'abren', 'cierran', 'manana', 'hoy', 'dolor', 'pecho', 'me', 'llamo', 'soy', 'naci', 'si', 'no', 'y', 'o', 'en', 'al',
]);
const ENGLISH = new Set([
  'hello', 'hi', 'i', 'want', 'need', 'appointment', 'thanks', 'thank', 'please', 'where', 'when', 'how', 'what', 'which', 'hours', 'have',
  'my', 'the', 'a', 'an', 'to', 'for', 'is', 'are', 'am', 'can', 'you', 'with', 'talk', 'person', 'cancel', 'change', 'confirm', 'book',
  'schedule', 'good', 'morning', 'afternoon', 'help', 'accept', 'insurance', 'parking', 'open', 'close', 'tomorrow', 'today', 'pain', 'do',
  'does', 'of', 'and', 'or', 'in', 'at', 'it', 'name', 'born', 'yes',
]);

const fold = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function detectLanguage(text: string): Language | null {
  if (/[¿¡ñ]/i.test(text)) return 'es';
  let es = 0;
  let en = 0;
  for (const word of fold(text).split(/[^a-z]+/).filter(Boolean)) {
    if (SPANISH.has(word)) es++;
    if (ENGLISH.has(word)) en++;
  }
  if (es === en) return null;
  return es > en ? 'es' : 'en';
}
