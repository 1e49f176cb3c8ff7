import { foldName } from './fold.js';

/** Common English and Spanish given-name variants (written without accents); each group is one name. */
const GROUPS = [
  'william bill will billy liam willy', 'robert bob rob bobby robbie bert', 'richard rick dick rich ricky richie',
  'james jim jimmy jamie', 'john jack johnny jon', 'joseph joe joey jose pepe', 'michael mike mikey mick miguel',
  'thomas tom tommy', 'charles charlie chuck chas', 'edward ed eddie ted ned', 'anthony tony antonio',
  'daniel dan danny', 'david dave davey', 'matthew matt', 'christopher chris kit', 'nicholas nick nicky',
  'alexander alex al xander alejandro', 'andrew andy drew', 'benjamin ben benny', 'samuel sam sammy',
  'stephen steven steve', 'timothy tim timmy', 'patrick pat paddy', 'gregory greg', 'jonathan jon jonny',
  'francisco paco pancho frank', 'francis frank frankie', 'henry hank harry', 'lawrence larry', 'raymond ray',
  'ronald ron ronnie', 'donald don donnie', 'gerald gerry jerry', 'kenneth ken kenny', 'peter pete',
  'elizabeth liz beth betty eliza lisa libby', 'margaret maggie meg peggy marge', 'katherine catherine kate katie kathy cathy kat',
  'jennifer jen jenny', 'patricia pat patty trish', 'susan sue susie suzanne', 'deborah debbie deb', 'rebecca becky becca',
  'victoria vicky tori', 'christine chris christina tina', 'dorothy dot dottie', 'barbara barb barbie', 'jessica jess jessie',
  'alexandra alex alexa sandra', 'abigail abby', 'samantha sam sammy', 'josephine jo josie', 'maria mary mari marie',
  'guadalupe lupe', 'dolores lola', 'concepcion concha', 'rosario charo', 'margarita rita', 'teresa tere terry',
];

const groupOf = new Map<string, Set<number>>();
GROUPS.forEach((group, index) => {
  for (const name of group.split(' ')) groupOf.set(name, (groupOf.get(name) ?? new Set()).add(index));
});

/** True when two given names are variants of one another (Bill and William), not when they are equal. */
export function areNicknames(a: string, b: string): boolean {
  const x = foldName(a);
  const y = foldName(b);
  if (x === y) return false;
  const groupsOfX = groupOf.get(x);
  const groupsOfY = groupOf.get(y);
  if (!groupsOfX || !groupsOfY) return false;
  return [...groupsOfX].some((group) => groupsOfY.has(group));
}

/** Every name in the same group(s) as this one, itself included. */
export function nameVariants(name: string): string[] {
  const key = foldName(name);
  const variants = new Set([key]);
  for (const index of groupOf.get(key) ?? []) for (const variant of GROUPS[index]!.split(' ')) variants.add(variant);
  return [...variants];
}
