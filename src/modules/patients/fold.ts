/** What name search and matching compare: lower case, accents removed ('José Ramírez' -> 'jose ramirez'). */
export const foldName = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
