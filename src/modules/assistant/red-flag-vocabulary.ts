import { lexicon } from './red-flag-match.js';

/**
 * The words patients use for each part of an emergency, in English and Spanish, with the
 * misspellings seen in chat and SMS. Long words also get one-typo tolerance from the matcher,
 * so only short or badly mangled spellings are listed here ("pian", "pesho", "tounge").
 */

export const CHEST = lexicon('chest', 'chst', 'chets', 'chect', 'ches', 'cheast', 'chesst', 'pecho', 'pesho', 'pexo', 'pexho',
  'pechio', 'pcho', 'pechp', 'torax', 'toraz', 'toracico', 'toracica');
export const HEART = lexicon('heart', 'hart', 'hearth', 'corazon', 'corason', 'corazn', 'corzon');
export const PAIN = lexicon('pain', 'pains', 'pian', 'pane', 'paing', 'painn', 'hurt', 'hurts', 'hurting', 'hurst', 'hrts', 'ache',
  'aches', 'aching', 'achy', 'sore', 'crushing', 'squeezing', 'squeezed', 'squeeze', 'crushed', 'stabbed', 'stabbing', 'burning', 'dolor', 'dolores', 'dolr', 'dolot', 'dolo',
  'duele', 'duelen', 'dolia', 'doliendo', 'duel', 'punzada', 'punzadas', 'ardor', 'discomfort', 'on fire', 'molestia',
  'molestias', 'quema', 'quemando', 'killing', 'dying', 'arde', 'ardiendo');
export const PRESSURE = lexicon('pressure', 'presure', 'presion', 'tight', 'tightness', 'tigth', 'heavy', 'heaviness', 'weight on',
  'elephant', 'weight', 'peso', 'opresion', 'apretado', 'apretada', 'aprieta', 'apretando', 'pesado', 'pesadez', 'oprime', 'oprimido');
export const HEART_ATTACK = lexicon('heart attack', 'hart attack', 'heartattack', 'heart atack', 'cardiac arrest', 'infarto',
  'infarct*', 'ataque al corazon', 'ataque cardiaco', 'ataque del corazon', 'ataque de corazon', 'paro cardiaco');
export const BRAIN = lexicon('cerebral', 'cerebro', 'brain');
export const LEFT_ARM = lexicon('left arm', 'brazo izquierdo');
export const BREASTFEEDING = lexicon('breastfeeding', 'breast feeding', 'nursing', 'amamantar', 'amamantando', 'lactancia',
  'lactando', 'mastitis', 'dar pecho', 'doy pecho', 'dando pecho');

export const STROKE = lexicon('=stroke', '=strokes', 'strok', 'stroek', 'storke', 'derrame', 'embolia', 'ictus', 'infarto cerebral',
  'ataque cerebral', 'accidente cerebrovascular', 'acv', 'cva', 'mini stroke');
export const FACE = lexicon('face', 'fase', 'mouth', 'smile', 'lip', 'lips', 'cara', 'boca', 'rostro', 'sonrisa', 'labio', 'labios',
  'cachete', 'mejilla');
export const DROOP = lexicon('drop*', 'sag*', 'crooked', 'croked', 'uneven', 'lopsided', 'slack', 'numb', 'numbness', 'num',
  'paralyzed', 'paralysed', 'frozen', 'falling', 'fallen', 'hanging', 'caida', 'caido', 'cayendo', 'cae', 'torcida', 'torcido',
  'chueca', 'chueco', 'ladeada', 'ladeado', 'dormida', 'adormecida', 'entumida', 'entumecida', 'paralizada', 'paralizado',
  'colgada', 'colgando', 'desviada', 'desviado', 'caid', 'de lado', 'durmio');
export const ONE_SIDE = lexicon('one side', 'un lado', 'left side', 'right side', 'lado izquierdo', 'lado derecho', 'half');
export const LIMB = lexicon('arm', 'arms', 'leg', 'legs', 'side', 'half', 'hand', 'hands', 'brazo', 'brazos', 'pierna', 'piernas',
  'lado', 'mitad', 'mano', 'manos');
export const WEAK = lexicon('weak', 'weakness', 'wek', 'numb', 'numbness', 'num', 'dead', 'limp', 'paralyzed', 'paralysed', 'floppy',
  'cannot move', 'cannot lift', 'cannot feel', 'unable to move', 'unable to lift', 'not move', 'not lift', 'giving out', 'gave out',
  'debil', 'debiles', 'debilidad', 'dormido', 'dormida', 'adormecido', 'adormecida', 'entumido', 'entumida', 'entumecido',
  'entumecida', 'paralizado', 'paralizada', 'sin fuerza', 'no puedo mover', 'no puede mover', 'no puedo levantar',
  'no puede levantar', 'no siento', 'no siente', 'no la siento', 'no lo siento', 'no se mueve', 'no responde', 'no mueve', 'cannot use', 'se le fue la fuerza', 'se me fue la fuerza',
  'perdio la fuerza', 'perdi la fuerza', 'lost strength', 'no strength');
export const NUMB_EXPLAINED = lexicon('dentist', 'dental', 'filling', 'novocaine', 'novocain', 'anesthesia', 'anesthetic', 'numbing',
  'dentista', 'anestesia', 'muela', 'extraction', 'extraccion', 'botox', 'filler', 'braces', 'teeth', 'dientes', 'brackets',
  'sciatica', 'ciatica', 'carpal', 'pinched', 'slept on', 'sleeping on', 'dormi sobre', 'dormir encima', 'dormi encima',
  'por dormir');
export const VISION_LOSS = lexicon('vision went', 'lost my vision', 'lost vision', 'sudden vision loss', 'went blind',
  'cannot see out of', 'no veo de un ojo', 'perdi la vista', 'perdio la vista', 'se me nublo la vista de un ojo');
export const SPEECH = lexicon('speech', 'words', 'talking', 'speaking', 'voice', 'talks', 'habla', 'hablando', 'palabras', 'voz');
export const ODD_SPEECH = lexicon('slurred', 'slur*', 'funny', 'weird', 'strange', 'jumbled', 'garbled', 'nonsense', 'gibberish',
  'drunk', 'mumbling', 'incoherent', 'mixed up', 'mixed', 'confused', 'not making sense', 'make no sense', 'do not make sense', 'raro', 'rara', 'extrano', 'extrana', 'enredado', 'enredada', 'trabado', 'trabada',
  'arrastrado', 'arrastrada', 'arrastra', 'arrastrando', 'chistoso', 'no se entiende', 'sin sentido', 'incoherente', 'mocho');
export const SPEECH_TROUBLE = lexicon('slurred', 'slurring', 'slur', 'slurs', 'garbled speech', 'words come out wrong',
  'words coming out wrong', 'cannot get words out', 'cannot get the words out', 'cannot find words', 'cannot find the words',
  'arrastra las palabras', 'arrastrando las palabras', 'arrastrando palabras', 'lengua trabada', 'se le traba la lengua',
  'se me traba la lengua', 'no se le entiende', 'no le entiendo nada', 'no le salen las palabras', 'no me salen las palabras',
  'balbucea', 'balbuceando', 'no puede hablar', 'cannot speak', 'cannot say a word', 'no puede decir', 'sin poder hablar', 'cannot smile',
  'barely smile', 'no puede sonreir');
export const CANNOT = lexicon('cannot', 'unable to', 'not able to', 'trouble', 'difficulty', 'hard time', 'struggling to',
  'no puedo', 'no puede', 'le cuesta', 'me cuesta', 'dificultad para', 'no podia', 'no pudo');
export const TALK = lexicon('speak', 'talk', 'talking', 'speaking', 'form words', 'say words', 'hablar', 'habla', 'hablando',
  'pronunciar', 'articular');
export const CLEARLY = lexicon('properly', 'right', 'clearly', 'normally', 'normal', 'straight', 'well', 'bien', 'claro', 'claramente',
  'correctamente', 'sense');
export const SUDDENLY = lexicon('suddenly', 'all of a sudden', 'de repente', 'de pronto', 'derepente');
export const WORST_HEADACHE = lexicon('worst headache', 'worst head ache', 'peor dolor de cabeza', 'thunderclap');

export const BLEED = lexicon('bleeding', 'bleed', 'bleeds', 'bled', 'bledding', 'bleeing', 'bledin', 'bleedin', 'sangrando', 'sangra',
  'sangrado', 'sangro', 'sangrar', 'desangrando', 'desangra', 'sangran', 'hemorrhage', 'hemorrhaging', 'hemorragia');
export const BLOOD = lexicon('blood', 'blod', 'sangre');
export const HEAVY_BLEEDING = lexicon('a lot', 'lots', 'so much', 'too much', 'heavily', 'heavy', 'badly', 'bad', 'everywhere',
  'all over', 'gush*', 'spurt*', 'squirting', 'pouring', 'pumping', 'soak*', 'will not stop', 'would not stop', 'not stop',
  'not stopping', 'not stopped', 'non stop', 'nonstop', 'cannot stop', 'uncontrollably', 'profusely', 'really bad', 'mucho', 'mucha',
  'muchisimo', 'muchisima', 'demasiado', 'demasiada', 'bastante', 'chorros', 'por todos lados', 'por todas partes', 'no para',
  'no deja', 'no se detiene', 'no se para', 'no puedo parar', 'no podemos parar', 'no podemos detener', 'no puedo detener', 'sin parar', 'empapado', 'empapada', 'charco', 'puddle',
  'through the towel', 'towels', 'toallas', 'toalla', 'fuerte');
export const BLEEDING_EMERGENCY = lexicon('hemorrhag*', 'hemorragia', 'desangr*', 'bleeding out', 'bled out', 'blood everywhere',
  'sangre por todos lados');
export const VOMIT = lexicon('vomit*', 'throwing up', 'threw up', 'puking', 'coughing up', 'coughing', 'vomitando', 'vomita', 'vomito',
  'tosiendo', 'escupiendo', 'arrojando');
export const MINOR_BLEEDING = lexicon('little', 'a bit', 'bit', 'slight', 'slightly', 'some', 'spotting', 'light', 'minor', 'small',
  'tiny', 'paper cut', 'scratch', 'poquito', 'poco', 'leve', 'manchado', 'manchas', 'gotas', 'drops', 'period', 'periods', 'menstrual',
  'regla', 'menstruacion', 'nosebleed', 'normal');
export const GUMS = lexicon('gums', 'gum', 'encias', 'encia', 'floss*', 'brush*', 'cepill*', 'hilo dental', 'cleaning', 'limpieza');

export const BREATHE = lexicon('breathe', 'breath', 'breathing', 'breth', 'brethe', 'breating', 'breathin', 'breahte', 'breate', 'brath',
  'respirar', 'respira', 'respiro', 'respirando', 'respiracion', 'resirar', 'respiar');
export const BREATHING_BLOCKED = lexicon('cannot', 'unable to', 'not able to', 'trouble', 'troubles', 'difficulty', 'difficult',
  'difficulties', 'hard', 'harder', 'struggling', 'struggle', 'struggles', 'barely', 'hardly', 'labored', 'laboured', 'problem',
  'problems', 'hard time', 'short of', 'shortness of', 'gasping for', 'fighting for', 'no puedo', 'no puede', 'no podia',
  'no pude', 'cuesta', 'costando', 'dificultad', 'dificil', 'problemas', 'apenas', 'casi no', 'me falta', 'le falta');
export const BREATHING_STOPPED = lexicon('not', 'no', 'stopped', 'quit', 'dejo de', 'deja de', 'ya no');
export const BREATHING_BAD = lexicon('hard', 'difficult', 'labored', 'laboured', 'shallow', 'weird', 'raspy', 'wheezy', 'worse', 'worsening', 'peor', 'fast', 'rapid', 'rapido', 'rapida', 'rapidisimo', 'agitado', 'noisy', 'grunting', 'difficil',
  'dificil', 'agitada', 'cortada', 'entrecortada', 'rara', 'stopped', 'difficulty', 'trouble', 'problem', 'problems', 'bad', 'mal');
export const NO_AIR = lexicon('me falta el aire', 'me falta aire', 'falta de aire', 'falta el aire', 'le falta el aire', 'sin aire',
  'no me entra el aire', 'no le entra el aire', 'no entra aire', 'no entra el aire', 'cannot get air', 'cannot get enough air',
  'not getting air', 'not getting enough air', 'gasping for air', 'air hunger', 'short of breath', 'shortness of breath',
  'falta de respiracion', 'ribs pulling in', 'ribs sucking in', 'se le hunden las costillas',
  'se le marcan las costillas');
export const AIR = lexicon('air', 'aire');
export const OUT_OF_BREATH = lexicon('out of breath', 'sin aliento');
export const EXERTION = lexicon('stairs', 'escaleras', 'exercise', 'exercising', 'running', 'walking', 'walk', 'gym', 'climbing', 'hill',
  'ejercicio', 'caminar', 'camino', 'correr', 'corro', 'subir');
export const CHOKING = lexicon('choking', 'choke', '=chocking', 'choaking', 'chokin', 'gasping', 'jadeando', 'atragant*', 'ahogando', 'ahogo', 'ahoga',
  'asfixi*', 'sofocando', 'suffocating', 'suffocate', 'turning blue', 'lips are blue', 'lips blue', 'blue lips', 'labios morados',
  'labios azules', 'poniendo morado', 'poniendo morada', 'poniendo azul', 'se puso morado', 'se puso morada');
export const ASTHMA = lexicon('asthma attack', 'asma attack', 'ataque de asma', 'crisis de asma', 'crisis asmatica',
  'inhaler not working', 'inhaler is not working', 'inhaler does not help', 'inhaler not helping', 'inhalador no funciona',
  'inhalador no sirve', 'inhalador no le', 'inhalador no me');
export const NOT_SURE_IF = lexicon('not sure if', 'not sure he is', 'not sure she is', 'do not know if', 'cannot tell if', 'unsure if',
  'no se si', 'no sabemos si');
export const UNRESPONSIVE = lexicon('unresponsive', 'unconscious', 'not responding', 'not responsive', 'will not wake up',
  'would not wake up', 'cannot wake', 'not waking up', 'passed out', 'collapsed', 'blacked out', 'seizure', 'seizures', 'seizing',
  'convulsing', 'convulsion', 'convulsions', 'no despierta', 'no se despierta', 'no reacciona', 'inconsciente', 'desmayado',
  'desmayada', 'se desmayo', 'perdio el conocimiento', 'perdio la conciencia', 'se desvanecio', 'convulsionando', 'convulsiones',
  'convulsion', 'ataque epileptico', 'no puedo despertarlo', 'no puedo despertarla', 'no lo puedo despertar', 'no la puedo despertar');
export const SEIZURE_ERRAND = lexicon('refill', 'prescription', 'medication', 'meds', 'medicine', 'receta', 'medicamento',
  'medicina', 'pastillas', 'free', 'libre', 'libres', 'early', 'on time', 'for school', 'temprano', 'a tiempo', 'para la escuela');
export const NOSE = lexicon('nose', 'nasal', 'stuffy', 'congested', 'congestion', 'nariz', 'tapada', 'congestionado', 'congestionada',
  'mocos');

const SELF = ['myself', 'my self', 'himself', 'herself', 'themselves', 'themself'];
export const KILL_SELF = lexicon(...['kill', 'killing', 'kil', 'kll', 'off'].flatMap((verb) => SELF.map((self) => `${verb} ${self}`)));
export const INTENT = lexicon('want', 'wanna', 'wants', 'going to', 'gonna', 'thinking', 'thoughts', 'think about', 'urge', 'urges',
  'feel like', 'might', 'plan', 'planning', 'tempted', 'keep', 'ready to', 'will', 'about to', 'tried to', 'trying to', 'quiero',
  'quiere', 'voy a', 'va a', 'pienso', 'pensando', 'ganas de', 'intento', 'intente');
export const HARM_SELF = lexicon(...['hurt', 'harm', 'cut', 'burn', 'hurting', 'harming', 'cutting', 'burning', 'punish', 'punishing',
  'shoot', 'hang'].flatMap((verb) => SELF.map((self) => `${verb} ${self}`)));
export const SELF_HARM = lexicon('cutting myself', 'cutting herself', 'cutting himself', 'self harm', 'self harming', 'selfharm',
  'self injury', 'self injure', 'autolesion*', 'auto lesion*', 'suicid*', 'sucid*', 'suicde', 'suiside', 'suicida', 'kms',
  'end my life', 'end his life', 'end her life', 'end it all', 'ending it all', 'end my own life', 'take my own life', 'take my life',
  'taking my life', 'take his own life', 'take her own life', 'no reason to live', 'nothing to live for', 'not worth living',
  'better off dead', 'better off without me', 'rather be dead', 'wish i was dead', 'wish i were dead', 'wish i would die',
  'wish i could die', 'want to be dead', 'do not want to live', 'do not want to be alive', 'do not want to be here anymore',
  'do not wanna live', 'do not wanna be alive', 'tired of living', 'cansado de vivir', 'cansada de vivir', 'quitarme la vida',
  'quitarse la vida', 'acabar con mi vida', 'acabar con todo', 'terminar con mi vida', 'terminar con todo', 'no quiero vivir',
  'no quiero seguir viviendo', 'no quiero seguir aqui', 'no quiero estar aqui', 'no quiere vivir', 'mejor muerto', 'mejor muerta',
  'hacerme dano', 'hacerse dano', 'lastimarme', 'cortarme', 'matarme', 'matarse', 'me voy a matar', 'me quiero matar',
  'se quiere matar', 'se va a matar', 'suicidarme', 'ganas de morir', 'ganas de morirme', 'quiero morir', 'quiero morirme',
  'me quiero morir', 'se quiere morir', 'quiere morir', 'quiere morirse', 'ending my life', 'ending it', 'to not wake up',
  'never wake up', 'hope i do not wake up', 'no volver a despertar', 'no despertar nunca', 'para no despertar', 'no vale la pena vivir',
  'no tiene sentido vivir', 'cortandome', 'me corto los brazos', 'me corto las munecas', 'me estoy cortando',
  'me corte las venas', 'me corte las munecas', 'cortarme las venas', 'cortarse las venas', 'slit my wrists', 'cut my wrists', 'slit my wrist', 'cut my wrist',
  'not worth it anymore', 'life is not worth', 'want it to be over', 'want it all to be over', 'want it all to end',
  'desaparecer para siempre', 'no quiero despertar', 'no despertar mas', 'want it all to stop', 'want everything to stop',
  'goodbye letter', 'goodbye note', 'suicide note', 'carta de despedida', 'saying goodbye to everyone', 'despidiendome de todos');
export const END_IT = lexicon('end it', 'end things', 'end everything', 'end this', 'hacer dano', 'hacerse dano', 'hacerme dano',
  'lastimar', 'lastimarse', 'cortarse', 'acabar con', 'terminar con', 'jump off', 'jump in front of', 'tirar del',
  'tirarme', 'aventarme', 'lanzarme', 'colgarme', 'ahorcarme');
export const THEM_ALL = lexicon('them all', 'all of them', 'all my', 'todas', 'todos', 'todas mis', 'todos mis');
export const WANT_TO_DIE = lexicon('want', 'wanna', 'wants', 'ready', 'going');
export const DIE = lexicon('die', 'dead');
export const TAKE_NOW = lexicon('take', 'taking', 'swallow', 'swallowing', 'tomar', 'tomarme', 'tragar', 'tragarme', 'tomarse');

const NUMBERS = Array.from({ length: 97 }, (_, index) => String(index + 4));
export const TOOK = lexicon('took', 'taken', 'tooked', 'swallowed', 'swallow', 'ate', 'eaten', 'drank', 'drunk', 'downed', 'popped',
  'got into', 'tome', 'tomo', 'tomado', 'tomaron', 'trago', 'trague', 'tragado', 'comio', 'comi', 'bebio', 'bebi', 'ingirio',
  'ingerio', 'ingeri', 'se tomo', 'me tome');
export const MANY = lexicon('too many', 'to many', 'too much', 'a lot of', 'lots of', 'a bunch of', 'bunch of', 'a bunch', 'whole',
  'all', 'entire', 'handful', 'several', 'many', 'extra', 'muchas', 'muchos', 'demasiadas', 'demasiados', 'demasiado', 'toda',
  'todas', 'todos', 'todo', 'un monton de', 'monton', 'frasco', 'bote', 'varias', 'puno', 'punado', 'bottle', 'box', 'caja',
  'de mas', 'ten', 'twenty', 'thirty', 'fifteen', 'diez', 'veinte', 'treinta', 'quince', ...NUMBERS);
export const TOO_MANY = lexicon('too many', 'to many', 'too much', 'demasiadas', 'demasiados', 'de mas', 'whole bottle of',
  'entire bottle of', 'todo el frasco de', 'un frasco entero de', 'todo un frasco de', 'frasco entero de');
export const PILLS = lexicon('pills', 'pill', 'pils', 'tablets', 'tablet', 'meds', 'med', 'medicine', 'medicines', 'medication',
  'medications', 'capsules', 'caps', 'tylenol', 'acetaminophen', 'paracetamol', 'advil', 'ibuprofen', 'aspirin', 'xanax', 'valium',
  'oxy', 'oxycodone', 'percocet', 'vicodin', 'opioids', 'fentanyl', 'heroin', 'insulin', 'antidepressants', 'vitamins', 'gummies',
  'pastillas', 'pastilla', 'pastiyas', 'pildoras', 'pildora', 'tabletas', 'capsulas', 'medicina', 'medicinas', 'medicamento',
  'medicamentos', 'remedios', 'clonazepam', 'alprazolam', 'benadryl', 'melatonin', 'melatonina', 'vitaminas');
export const DAILY = lexicon('a day', 'per day', 'daily', 'every day', 'each day', 'al dia', 'diario', 'diarios', 'diarias',
  'cada dia', 'list', 'lista', 'refill', 'refills');
export const CHILD = lexicon('toddler', 'baby', 'kid', 'child', 'son', 'daughter', 'grandson', 'granddaughter', 'nino', 'nina',
  'bebe', 'hijo', 'hija', 'nieto', 'nieta', 'year old', 'ano', 'anos');
export const SWALLOWED = lexicon('swallowed', 'ate', 'got into', 'trago', 'se trago', 'comio', 'se comio', 'ingirio');
export const POISON_SUBSTANCE = lexicon('bleach', 'cloro', 'lejia', 'clorox', 'antifreeze', 'anticongelante', 'detergent', 'detergente',
  'pod', 'pods', 'rat poison', 'veneno', 'poison', 'pesticide', 'pesticida', 'insecticide', 'insecticida', 'battery', 'batteries',
  'bateria', 'pila', 'pilas', 'drain cleaner', 'destapacanos', 'gasoline', 'gasolina', 'kerosene', 'queroseno', 'lighter fluid',
  'cleaning product', 'cleaner', 'limpiador', 'windshield fluid', 'ammonia', 'amoniaco', 'lamp oil', 'paint thinner', 'thinner', 'nail polish remover',
  'hand sanitizer', 'essential oil', 'chemicals', 'quimicos', 'quimico', 'aceite de lampara', 'removedor',
  'liquido para limpiar', 'liquido de limpieza', 'producto de limpieza', 'cleaning solution', 'wild mushrooms', 'hongos silvestres');
export const OVERDOSE = lexicon('overdos*', 'overdose', 'overdosing', 'over dose', 'over dosed', 'sobredosis', 'sobre dosis',
  'poison control', 'centro de toxicologia', 'control de envenenamiento', 'poisoned', 'envenen*', 'intoxica*');
export const OD_WHO = lexicon('i', 'he', 'she', 'they', 'just', 'friend', 'son', 'daughter', 'brother', 'sister', 'boyfriend',
  'girlfriend', 'husband', 'wife', 'someone', 'have', 'has', 'may', 'might',
  'probably');
export const OD = lexicon('od', 'oded', 'odin');
export const FOOD = lexicon('food', 'alimentaria', 'comida', 'alimentos', 'ivy', 'oak', 'hiedra', 'alcohol');

export const THROAT = lexicon('throat', 'throath', 'troat', 'throut', 'thraot', 'throght', 'garganta', 'gargnta', 'garganat');
export const CLOSING = lexicon('shut', 'closing', 'close', 'closes', 'closed', 'tight', 'tightening', 'tightens', 'tighten', 'cierra',
  'cerrando', 'cerrada', 'cerro', 'cierre', 'apretada', 'apretando', 'tapando', 'tapada', 'shutting');
export const SWELL = lexicon('swelling', 'swollen', 'swell', 'swelled', 'swells', 'swolen', 'swolled', 'puffing', 'puffed', 'puffy',
  'blowing up', 'huge', 'big', 'bigger', 'grande', 'enorme', 'hinchada', 'hinchado', 'hinchados', 'hinchadas', 'hinchando', 'hincha', 'hinchazon', 'inflamada',
  'inflamado', 'inflamados', 'inflamadas', 'inflamando', 'hincharon', 'hincho', 'hinchan', 'hinchandose',
  'inflamaron', 'inchada', 'inchado', 'inchados', 'inchadas', 'inchando');
/** A throat swollen with a cold: glands and tonsils swell, the airway is not what is described. */
export const THROAT_SWELL_EXPLAINED = lexicon('gland*', 'tonsil*', 'lymph*', 'ganglio*', 'amigdala*', 'anginas');
export const MOUTH_PARTS = lexicon('tongue', 'tounge', 'tung', 'toungue', 'tonge', 'lengua', 'lips', 'lip', 'labios', 'labio', 'uvula',
  'campanilla');
export const FACE_OR_EYES = lexicon('face', 'eyes', 'eye', 'cara', 'ojos', 'rostro', 'throat', 'garganta', 'mouth', 'boca');
export const LIP_EXPLAINED = lexicon('cold sore', 'fever blister', 'bit my', 'bit it', 'bit his', 'bit her', 'bit their', 'mordio', 'mordi', 'fuegos', 'herpes', 'filler', 'injection',
  'botox', 'dentist', 'dental', 'dentista', 'novocaine', 'anestesia');
export const ANAPHYLAXIS = lexicon('anaphyla*', 'anafila*', 'anaphalaxis', 'anaphylaxsis', 'choque anafilactico', 'shock anafilactico',
  'epipen', 'epi pen', 'epinefrina', 'epinephrine');
export const EPIPEN_ERRAND = lexicon('refill', 'prescription', 'receta', 'renew', 'renovar', 'expired', 'vencio', 'vencido', 'caduc*',
  'form', 'forma', 'formulario', 'school', 'escuela', 'coupon', 'cupon', 'price', 'precio', 'cost', 'cuesta');
export const ALLERGIC_REACTION = lexicon('allergic reaction', 'alergic reaction', 'allergic reation', 'alergic reation',
  'reaccion alergica', 'reacion alergica', 'reaccion alergia');
export const MILD = lexicon('mild', 'little', 'slight', 'small', 'minor', 'just a rash', 'only a rash', 'leve', 'ligera', 'poquita',
  'pequena', 'solo ronchas');
export const ALLERGY = lexicon('sting', 'stung', 'bee', 'bees', 'wasp', 'hornet', 'yellow jacket', 'fire ants', 'peanut', 'peanuts',
  'nut', 'nuts', 'shellfish', 'shrimp', 'lobster', 'allergic', 'alergic', 'allergy', 'allergies', 'alergia', 'alergias', 'alergico',
  'alergica', 'picadura', 'pico', 'pico una abeja', 'abeja', 'avispa', 'cacahuate', 'cacahuates', 'mani', 'nueces', 'mariscos',
  'camaron', 'camarones', 'penicillin', 'penicilina', 'amoxicillin', 'amoxicilina', 'latex', 'hives', 'ronchas', 'urticaria');
export const CANNOT_SWALLOW = lexicon('cannot swallow', 'trouble swallowing', 'hard to swallow', 'difficulty swallowing',
  'no puedo tragar', 'no puede tragar', 'me cuesta tragar', 'le cuesta tragar');
