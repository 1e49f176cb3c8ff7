/**
 * The SMS keywords carriers and the CTIA expect every sender to honour. A keyword counts only
 * when it is the whole message: "stop", "Stop." and " STOP ALL " are STOP; "please stop calling
 * me" is a message for a person. YES is deliberately not an opt-in word: a patient's "yes" is
 * more likely the answer to a question (a reminder's confirmation) than a request to resume texts.
 */
export type SmsKeyword = 'stop' | 'start' | 'help';

const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: 'stop', STOPALL: 'stop', UNSUBSCRIBE: 'stop', CANCEL: 'stop', END: 'stop', QUIT: 'stop', OPTOUT: 'stop', REVOKE: 'stop',
  START: 'start', UNSTOP: 'start', SUBSCRIBE: 'start',
  HELP: 'help', INFO: 'help',
};

/** The keyword a text is, ignoring case, spaces and punctuation; null for any other message. */
export function smsKeyword(body: string): SmsKeyword | null {
  const folded = body.normalize('NFKC').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return KEYWORDS[folded] ?? null;
}

/** What the clinic answers to each keyword (one text, within a carrier's single-segment limit where possible). */
export function keywordReply(keyword: SmsKeyword, clinic: { name: string; phone: string | null }): string {
  if (keyword === 'stop') return `You will no longer receive texts from ${clinic.name}. Reply START to resume.`;
  if (keyword === 'start') return `You will receive texts from ${clinic.name} again. Reply STOP to stop, HELP for help.`;
  const reach = clinic.phone ? `call us at ${clinic.phone}` : 'contact the clinic';
  return `${clinic.name}: for help, ${reach}. Reply STOP to stop texts, START to resume. Msg & data rates may apply.`;
}

/** The line the thread shows for a keyword (an event, not a message someone must answer). */
export function keywordEvent(keyword: SmsKeyword, word: string, replied: boolean): string {
  const canonical = keyword.toUpperCase();
  const raw = word.trim().slice(0, 40);
  const said = `Texted ${canonical}${raw === canonical ? '' : ` ("${raw}")`}`;
  if (keyword === 'stop') return `${said}: no more texts will be sent to this number until the patient texts START.${replied ? ' Confirmation sent.' : ''}`;
  if (keyword === 'start') return `${said}: texts to this number are allowed again.${replied ? ' Confirmation sent.' : ''}`;
  return `${said}: ${replied ? 'the clinic\'s contact details and STOP instructions were sent.' : 'no answer could be sent (the number has texted STOP).'}`;
}
