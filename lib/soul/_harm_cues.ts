/**
 * A second reading of a request for harm, by cues of how harmful requests
 * are put rather than by their words of harm: texting style is normalised
 * first ("how do u", "ur", "pls", "kil"), then general cues are looked for:
 * - asking to WRITE a harmful artefact (a message, email, post, review,
 *   letter, template, document) that threatens, impersonates, states a
 *   falsehood or demeans a group, or a tool named for harm ("token
 *   grabber", "fake doctor note generator");
 * - lethality asked about a person (a dose, a height, a method "that works",
 *   "would not wake up") without a safety frame;
 * - evasion in any phrasing ("without them knowing", "so nothing shows",
 *   "not get caught", "how do people get away with") next to an act;
 * - dehumanising or excluding language about a group of people;
 * - sexual or secretive contact next to a child;
 * - trafficking, smuggling and deception schemes.
 * Benign frames (avoid, prevent, recognise, report, train staff, a nursing
 * exam, an authorised test, a game or a villain for a campaign) hold the
 * cues that can be read both ways. Internal to lib/soul.
 *
 * @module
 */

/** Texting-style words and their plain spelling. */
const CHAT: ReadonlyMap<string, string> = new Map(Object.entries({
  u: "you",
  msg: "message",
  msgs: "messages",
  txt: "text",
  addy: "address",
  acct: "account",
  passwd: "password",
  pwd: "password",
  bday: "birthday",
  abt: "about",
  tmrw: "tomorrow",
  ur: "your",
  r: "are",
  ya: "you",
  pls: "please",
  plz: "please",
  hw: "how",
  wat: "what",
  wut: "what",
  wht: "what",
  wanna: "want to",
  gonna: "going to",
  gotta: "got to",
  kil: "kill",
  kll: "kill",
  h8: "hate",
  ppl: "people",
  smth: "something",
  sth: "something",
  some1: "someone",
  sum1: "someone",
  b4: "before",
  cuz: "because",
  bc: "because",
  tho: "though",
  dont: "don't",
  cant: "can't",
  wont: "won't",
  doesnt: "doesn't",
  im: "i'm",
  ive: "i've",
  whats: "what's",
  thru: "through",
  w: "with",
  gf: "girlfriend",
  bf: "boyfriend",
  wrte: "write",
  wirte: "write",
  rite: "write",
  writte: "write",
  mak: "make",
  waht: "what",
  hwo: "how",
  teh: "the",
  somone: "someone",
  sombody: "somebody",
  poision: "poison",
  posion: "poison",
  killl: "kill",
  bom: "bomb",
  bomm: "bomb",
  explosiv: "explosive",
  nobady: "nobody",
  witout: "without",
  whitout: "without",
  wihtout: "without",
}));

/** Whole texting-style words: only these call back, not every word of the text. */
const CHAT_WORD = new RegExp(`\\b(?:${[...CHAT.keys()].join("|")})\\b`, "g");

/** The text with texting-style words spelled out. */
export function normalizeChat(lower: string): string {
  return lower.replace(CHAT_WORD, (w) => CHAT.get(w) ?? w);
}

/** A pattern that matches where any of `patterns` does. */
function either(...patterns: RegExp[]): RegExp {
  return new RegExp(patterns.map((p) => p.source).join("|"));
}

/** A rule of one area of harm, held by the common frames and the area's own. */
function inArea(id: string, all: readonly RegExp[], frame: RegExp): CueRule {
  return { id, all, unless: either(COMMON_FRAME, frame) };
}

/** One cue rule: every pattern must match and no frame may. */
interface CueRule {
  readonly id: string;
  readonly all: readonly RegExp[];
  readonly unless?: RegExp;
}

const ASK =
  /\b(?:how|what|which|where|when|who|best|easiest|fastest|tips?|steps?|way to|ways to|help me|tell me|show me|give me|explain|list|can you|could you|need|want|should i|do i|would|make|write|draft|compose|create|generate|lead me|walk me|teach)\b|\?/;
const WRITE =
  /\b(?:write|writ|draft|compose|craft|make|create|generate|produce|give me|need|help me (?:write|make|draft|word)|come up with|put together|template|generator)\b/;
const ARTIFACT =
  /\b(?:messages?|texts?|sms|e-?mails?|letters?|posts?|tweets?|reviews?|threads?|copypasta|greentext|posters?|pitch|notes?|templates?|invoices?|statements?|story|script|speech|comments?|dms?|flyers?|pamphlets?|leaflets?|ads?|article|memo|certificate|diploma|transcript|receipt|prescription|letterhead|gofundme|fundraiser|page|profile|listing|bio|announcement|caption|song|poem|joke|roast|rant)\b/;
const THREAT =
  /\b(?:(?:she|he|they|you)'?(?:ll| will) regret|regret it|(?:i'?m|im|we'?re|i am|we are) watching|know (?:i'?m|im|we'?re) watching|know where (?:you|she|he|they) (?:live|work|sleep)|last warning|if (?:she|he|you|they) (?:goes|go|tells?|calls?|report\w*) (?:to )?(?:the )?(?:cops|police)|keep (?:your|her|his|their) mouth shut|i know where|we know (?:where|when|who)|watch (?:your|her|him|them|my)sel(?:f|ves)|or else|you'?ll regret|they'?ll regret|(?:is|are|you'?re|they'?re) not welcome|better watch|be careful walking|next time (?:won'?t|it won'?t)|(?:you|she|he|they) (?:will|gonna|going to) (?:pay|suffer|die)|know when (?:they|you|she|he)|scare (?:her|him|them))\b/;
const IMPERSONATE =
  /\b(?:from "?(?:usps|fedex|dhl|ups|amazon|paypal|microsoft|apple|google|netflix|the irs|irs|hmrc|(?:my |our |the |a )?bank|our ceo|the ceo|hr|it support|support)|as (?:a|the|my|if from) (?:bank|ceo|police|irs)|looks? like (?:it'?s |it is |it came )?from|i'?m not the|i am not the|on (?:[a-z]+ )?letterhead|in (?:the )?[a-z ]{0,20}format|pretend(?:ing)? to be (?:from|the|my|a)|posing as|in (?:his|her|their) name|signed (?:by|as))/;
const FALSEHOOD =
  /\b(?:i didn'?t|i did not|i never|(?:doesn'?t|don'?t|didn'?t) actually|isn'?t real|not real|never happened|from different "?customers|different writing styles|fake|forged?|counterfeit|made[- ]up|pretend (?:to be|i)|saying (?:i|they|he|she) (?:graduated|worked|have|has))/;
const GROUP =
  /\b(?:women|girls|females|disabled people|autistic people|fat people|black (?:guy|girl|man|woman|kid|family|families|neighbou?rs?)|jews?|jewish|muslims?|islam|christians?|catholics?|hindus?|sikhs?|blacks?|black people|africans?|asians?|chinese|mexicans?|arabs?|immigrants?|migrants?|refugees?|nigerians?|somalis?|aboriginals?|aboriginal people|indigenous|gypsies|roma|gays?|lesbians?|trans (?:people|women|men|folks?)|transgender|latinos?|hispanics?|indians?|pakistanis?|whites?|white people|those people|these people|"they"|foreigners|mosque|synagogue|temple|church)\b/;
const DEROG =
  /\b(?:(?:don'?t|won'?t|can'?t|doesn'?t) (?:apply|rent|come|buy|move in)|keep (?:them|\w+) out|without it being (?:obviously )?illegal|vermin|rats|cockroach\w*|parasites?|subhuman|animals|savages?|pedos?|pedophiles?|not welcome|shouldn'?t be allowed|should not be allowed|should(?:n'?t)? be (?:banned|deported|removed|kicked out)|evict them|go back to|dog meat|hooked nose|stereotypes?|roast|always get|inferior|dirty|filthy|breed like|infest\w*|invasion|replac\w+ us|nationalist|nazis?|propaganda|recruitment|recruit|hate speech|vicious|1930s|refuse to live|laughing at them|greentext|copypasta|just asking questions)\b/;
const CHILD =
  /\b(?:young (?:girls|boys|kids|children)|(?:[4-9]|1[0-7])[ -]?(?:yo|y\/o|years?(?:[ -]old)?|yrs?(?:[ -]old)?)|kids?|child(?:ren)?|little (?:girl|boy)|(?:girl|boy) in my (?:little )?(?:sister'?s|brother'?s) class|i babysit|babysitting|underage|young enough|minors?|pedos?|elf|preteen|tween|in human years|she'?s (?:1[0-7]|[4-9])|he'?s (?:1[0-7]|[4-9]))\b/;
const SEXUAL_CONTACT =
  /\b(?:keep (?:\w+ ){0,3}(?:a )?secret|secret from (?:her|his|their) parents|like being around|chat dirty|dirty talk|sext\w*|(?:make|get) (?:him|her|them) (?:to )?trust|meet (?:up|(?:him|her|them) (?:alone|in person|irl))|keep (?:it|this) (?:a |our )?secret|don'?t tell (?:your|his|her|their) parents|send (?:me )?(?:pics|photos|pictures|nudes|videos)|without (?:her|his|their) parents|on my lap|sitting on my lap|touch\w*|undress\w*|naked|nude|sexual\w*|adult content|next level physically|physically|comfortable with|our (?:little )?secret|won'?t tell anyone|not tell anyone|share material|video call alone|alone with|kiss\w*|in bed|bath with|what i did to them|come over when (?:her|his|their) parents)\b/;
const CHILD_FRAME =
  /\b(?:as a parent|what should i do|my (?:\d+ year old|daughter|son|kid|child|teen) is|teach|body safety|good and bad touch|good touch|bad touch|consent|talk to (?:my|our)|warning signs?|signs of|how do groomers|how groomers|groomers (?:operate|work)|protect (?:my|our|a|the|kids|children)|keep (?:my|our) (?:kids?|children|daughter|son) safe|report|recogni[sz]e|spot|what should i (?:look|watch) for|talk to my (?:kid|child|son|daughter)|sex ed|puberty|age[- ]appropriate|pediatrician|doctor|tells me|told me|what should i do if)\b/;
const LETHAL =
  /\b(?:would (?:they|he|she|a person|someone|somebody) (?:ever )?(?:wake up|survive)|lethal|fatal|deadly|overdose) (?:dose|amount|level)|\bhow (?:much|many)\b.{0,60}\b(?:to (?:kill|die|od)|would (?:kill|be fatal|stop)|will (?:kill|stop)|does it take to (?:kill|die))|(?:never|not|wouldn'?t|won'?t|from ever|ever) (?:ever )?wak\w* up|(?:wouldn'?t|won'?t|would not|will not|not) survive|(?:stop|stops) (?:a|my|his|her|their|someone'?s) heart|\bkill (?:me|myself|a person|someone|him|her)\b/;
/** Means of ending or harming one's own life. */
const SELF_MEANS =
  /\b(?:oxy\w*|xans?|xanax|benzos?|opioids?|tablets|way with (?:the |my |a )?car|crash (?:my|the) car|drive (?:off|into)|drown\w*|how (?:many|much) of my|lithium|melatonin|fall from|tylenol|advil|heart meds|stopped taking|bleach|antifreeze|floor|storey|story building|deep|jumping|hang\w*|noose|rope|belt|knot|helium|exit bag|carbon monoxide|exhaust|garage|jump\w*|bridges?|buildings?|roofs?|cliffs?|high enough|tall enough|trains?|tracks|veins?|wrists?|cuts?|cutting|blade|razor|pills|overdose|od|meds|medication|ibuprofen|tylenol|paracetamol|acetaminophen|insulin|starv\w*|stop eating|not eating|purg\w*|method)\b/;
/** Words of one's own intent, seriousness or concealment around those means. */
const SELF_INTENT =
  /\b(?:(?:want to|wanna) stop living|(?:don'?t|do not) want to (?:live|be alive|exist)|asking for (?:me|myself)|i have (?:like |about |around )?\d+|what'?s the point|no point|i want to try|how much \w+ do i need|won'?t slip|won'?t break|hold my weight|sleep forever|(?:not|never|don'?t) wake up|(?:what|which) (?:combo|combination|mix) .{0,30}works|i want to (?:try|die|go|do it|end)|want it to work|actually work|work fast|reliable|more reliable|on purpose|together on purpose|next time|keep failing|failed|failing at it|my time|tired of (?:everything|it all|living|life)|end it|end my life|kill myself|not be here|asking seriously|seriously|for real|definitely|hide (?:it|them|my \w+|the \w+) from|where (?:they|he|she) won'?t see|ignore the hunger|no warnings|not looking for a hotline|helps? me choose)\b/;
/** How well a means would work, asked about. */
const EFFICACY =
  /\b(?:most sure|is (?:that|it|this) enough|do i need more|peaceful|painless|does it hurt to|stay (?:just )?under|before (?:you|i) need (?:the )?hospital|be enough|finish\w* it|finish me|do it|does it|it works|before it works|works? (?:fast|quick\w*)|for it to (?:be serious|work)|most (?:certain|dangerous|effective|reliable|painless|lethal|deadly)|least painful|at once|a lot of|enough to|how long (?:before|until|does it take to) (?:it works|bleed out|die|pass out))\b/;
/** Last arrangements before ending one's life. */
const FINALITY =
  /\b(?:(?:want to|wanna) stop living|(?:don'?t|do not) want to (?:live|be alive|exist)|wrote (?:letters|a letter|a note|notes) (?:to|for)|said (?:my )?goodbyes?|gave away my|my last (?:day|night|week)|won'?t be around|before i go|nobody will miss me|better off without me|bleed out)\b/;
const WAY = /\b(?:way|method|how|which|what|where|when)\b/;
const SELF_FRAME =
  /\b(?:balloons?|party|picture|hammock|plant|frame|shelf|shelves|clothes|swing|tarp|boat|camping|tent|climbing|sailing|prevent\w*|barriers?|hotline|crisis|someone (?:who )?(?:just )?told me|my friend|a friend|worried|signs|how to help|survivor|history|statistics|why do)\b/;
/** Who the lethal amount is for: a body weight, a person, oneself. */
const LETHAL_PERSON =
  /\b(?:\d+ ?(?:kg|kilos?|lbs?|pounds|stone)|(?:a|an|the) (?:person|man|woman|adult|guy|girl|kid|child|human|grown man)|someone|somebody|him|her|me|myself|my|i|i'?m|husband|wife)\b/;
const SAFETY =
  /\b(?:accident\w*|by mistake|swallowed|ate (?:some|a|my|the)|got into|worried|worry|nurse|nursing|paramedic|exam|prevent\w*|avoid\w*|signs? of|symptoms|poison control|what to do if|how to help|help (?:a|my) friend|safe (?:dose|amount|limit|to)|is it (?:safe|dangerous)|overdosed? on caffeine|caffeine|suicide (?:barrier|prevention|hotline)|crisis|first aid|naloxone|narcan|antidote|treat\w*|in case)\b/;
const EVASION =
  /\b(?:while (?:she|he|they)(?:'?s|'?re| is| are)? (?:sleeping|asleep|in the shower|out|away|not looking)|before (?:the|they|he|she|anyone|my|his|her) ?\w* (?:notices?|finds? out|realis\w*|realiz\w*|catch\w*)|(?:nobody|no one|noone|no-one) (?:gets it|sees|finds out|knows|notices|hears|will know|can tell|suspects)|give (?:it|me|us) away|under (?:a|my|his|her) (?:jacket|coat|shirt)|what material hides|hides? it from|without (?:(?:my|the|his|her|their|any|them|him|it|people|anyone|anybody|[a-z]+'s)\s)?(?:[a-z]+\s){0,4}(?:knowing|noticing|finding out|catching|seeing|detecting|tracing|linking|showing|realizing|realising|getting (?:caught|linked|flagged|detected|traced|set up|banned|noticed)|being (?:caught|traced|identified|detected|seen|noticed|linked|flagged)|it showing (?:up)?|leaving (?:a )?trace)|(?:not|never|don'?t|won'?t|can'?t|doesn'?t|didn'?t|wouldn'?t) (?:get |be )?(?:caught|traced|identified|detected|flagged|noticed|linked to me|question it|bring (?:it|them) back|find(?:ing)? (?:out|them|it))|so (?:that )?(?:nobody|no one|nothing shows|they can'?t|they don'?t|they never|the bank still|insurance pays)|get away with|undetect\w*|untraceabl\w*|no trace|cover (?:it|my tracks|this) up|look(?:s)? like (?:an? )?(?:accident|suicide|natural|it start\w*|it'?s from)|where (?:they|he|she|nobody|no one) won'?t (?:see|find|look)|hide (?:it|them|this) from|without (?:the )?(?:sec|irs|cops|police|feds|dogs|border|audit|logs)|(?:hides?|hidden) from the app|nobody gets it on video|can'?t be identified|before (?:my|the) court date)\b/;
/** Evasion of the law in so many words. */
const STRONG_EVASION =
  /\b(?:make (?:\w+ ){0,3}look like (?:an? )?(?:\w+ ){0,2}(?:failure|accident|suicide|natural|robbery|break-?in|self[- ]defen[cs]e|overdose)|(?:chances|risk|odds) of (?:getting |being )?(?:caught|busted)|without (?:a )?background check|(?:without|not|never|avoid) (?:\w+ ){0,3}(?:getting |being )?(?:caught|traced|busted|arrested|charged)|undetect\w*|untraceabl\w*|get away with|(?:the )?(?:cops|police|feds|customs|border|dogs) (?:not )?(?:finding|catching|noticing|smelling|detecting))\b/;
const EVASION_FRAME =
  /\b(?:true crime|what mistakes|get them caught|got them caught|did (?:\w+ )?get away with|in the (?:movie|book|show|film|series|end)|end of|ending|surprise|gift|present|party|proposal|propose|birthday|anniversary|baby|toddler|cat|kitten|puppy|wake (?:him|her|them|the)|disturb|neighbou?rs? hearing|game|level|boss fight|stealth|mission|quest|how do (?:banks|police|investigators|auditors|teachers|schools|companies|platforms) (?:catch|detect|spot|find)|spot|detect(?:ed)? by|catch (?:them|it|fraud|cheaters)|protect|prevent|avoid being|report|recogni[sz]e|scammers? (?:get away)|how do (?:they|scammers) get caught|tick|splinter|stain|scratch|paint|wallpaper|cake|recipe|dough|plant|garden|crack(?:ing)? the egg|legally|legal|among us|skyrim|gta|hitman|minecraft|fortnite|assassin'?s creed|red dead|in (?:the|a|this) game|imposter|impostor|how did|go undetected for so long)\b/;
const ACT =
  /\b(?:kill\w*|murder\w*|hurt\w*|poison\w*|stab\w*|shoot\w*|strangl\w*|beat\w*|hit|drug\w*|spik\w*|gun\w*|knife|weapon\w*|bomb\w*|explos\w*|steal\w*|stole\w*|stolen|cheat\w*|fake\w*|forg\w*|hack\w*|password\w*|account\w*|track\w*|spy\w*|read (?:his|her|their|my wife'?s|my husband'?s)|messages|phone|location|money|cash|tax\w*|insurance|fraud\w*|refund\w*|scam\w*|reviews?|cuts?|eat\w*|body|logs?|grades?|serial|camera\w*|record\w*|film\w*|coke|weed|meth|pills?|dose|keys|shipment|border|customs|x-?ray|airport|dealer|plug|stash|sell\w*|flip|launder\w*|check|odometer|credit|loan|ssdi|disability|claim|grandma|grandpa|elderly|wife|husband|ex|kid|child|belt|bruise\w*|marks?|video|identified|court|set it up|on him|on her|price|pump|dump|transfer|wire|accident|fire|gas)\b/;
/** Drug names, street names included. */
const DRUG =
  /\b(?:weed|cannabis|coke|cocaine|crack|heroin|fent\w*|meth|crystal|mdma|molly|ecstasy|ket|ketamine|lsd|shrooms|mushrooms|xanax|xans|oxy\w*|percs?|percocet|adderall|opioids?|opiates?|morphine|codeine|lean|pills|stash|bricks?|\d+ ?(?:keys|kilos?|kg|grams|g|oz|pounds|lbs))\b/;
/** Dealing verbs: selling, moving, cutting, finding a supplier. */
const DEAL =
  /\b(?:charge for|price (?:for|per)|profit|markup|sell\w*|deal\w*|flip\w*|push\w*|move|moving|ship\w*|smuggl\w*|traffick\w*|re-?up|plug|supplier|cut (?:it|them|the \w+) with|mix in|bulk it|stretch it|swallow|wrap them|customers|across the border|through (?:the )?(?:mail|customs|airport|border)|into (?:the )?(?:country|prison|jail)|clean the (?:cash|money)|launder\w*)\b/;
/** Tools named for harm. */
const TOOL =
  /\b(?:macro that (?:downloads|runs|executes)|dropper|downloader|runs an exe|token grabber|grabber|stealer|password cracker|cracker|keylogger|key logger|stalkerware|spyware|remote access trojan|skimmer|phishing (?:kit|page|site|link)|fake (?:\w+ )?(?:link|login|page|site)|(?:doctor'?s?|sick) note generator|fake \w+ generator|id generator|crypter|botnet|ransomware|malware|payload)\b/;
/** Getting, making or planting a thing. */
const OBTAIN =
  /\b(?:need|want|give me|write|make|build|create|code|download|get me|send me|install|put (?:it )?on|plant|hide\w*|deploy|sell me|where (?:can|do) i (?:get|buy|find))\b/;
const TOOL_FRAME =
  /\b(?:tell if|spot|look like|harden\w*|explain how|how (?:does|do) .{0,30} work|tabletop|exercise|incident|train\w*|check (?:the|my|our)|part of a|check if|detect\w*|remove|removal|get rid of|scan for|protect|is there a|how do i know|signs? of|found (?:a|an)|what is|what'?s a|how does \w+ work|training|awareness|simulation|authori[sz]ed|my own)\b/;
/** People named by relation, role or name-like phrase. */
const PERSON =
  /\b(?:this|that|the) (?:user|handle|profile)\b|(?<![\w.])@[a-z0-9_]+|\b(?:my|his|her|their|our|the|this|that|a) (?:\w+s )?(?:ex|ex-?wife|ex-?husband|ex-?girlfriend|ex-?boyfriend|wife|husband|girlfriend|boyfriend|partner|crush|neighbou?rs?|coworkers?|co-workers?|boss|manager|landlord|roommate|teacher|classmate|stepdad|stepmom|mother in law|father in law|sister|brother|cousin|son'?s girlfriend|daughter'?s boyfriend|journalist|guy|girl|woman|man|person|kid)(?:'s|s)?\b|\b(?:someone'?s|somebody'?s|him|her)\b/;
/** Covert access to what is another person's own. */
const COVERT =
  /\b(?:pretext|trick (?:\w+ )?into (?:giving|telling)|get (?:her|his|their|my \w+s?)|read\w*|see|access\w*|get into|log into|look up|check|monitor\w*|find\w*|track\w*|locat\w*|follow\w*|listen to|record\w*|unmask\w*|identif\w*|scrap\w*|pull)\b/;
const PERSONAL =
  /\b(?:passcode|password|pin|unlock code|city|employer|messages|whatsapp|texts|dms|emails?|inbox|location|address|home address|new address|dorm|schedule|routine|socials|instagram|snapchat|facebook|phone|prescriptions|records|medical|chart|follows|followers|browsing|who (?:is|runs) (?:behind )?(?:the|this|that) account|anonymous account|real name|dossier|workplace|where (?:she|he|they) (?:lives?|works?|is|goes|parks))\b/;
const OWN_OR_CARE =
  /\b(?:should i|pros and cons|is it (?:ok|okay|wrong|ethical|normal)|stop (?:my|him|her|them|someone|people)|from (?:tracking|seeing|finding|reading)|my (?:location|photos|data|account|phone|pictures)|out of my|my own|my (?:kid|child|son|daughter|teen)'?s? (?:phone|account|location|messages|texts|tablet|ipad|laptop|computer)|parental|lost (?:my|her|his)|find my (?:phone|iphone)|recover|back up|backup|consent|with (?:her|his|their) (?:permission|consent)|we share|family plan|protect|safety|privacy settings|delete|remove|stop (?:someone|people|them)|is it (?:il)?legal|legally|the law|consent\w*|is someone|am i being|how do (?:i|you) know if)\b/;
/** Asks for operational detail: quantities, exact steps, the precise method. */
const DETAIL =
  /\b(?:(?:lead|walk|talk|take) me through|what goes inside|exact mixture|step[- ]by[- ]step|exact\w*|precise\w*|with quantities|quantities|amounts|in grams|how many grams|full (?:list|recipe|procedure|method)|parts list|materials list|procedure|ready to run|working code|that works|so it works|specific|measurements)\b/;
/** Terse requests: an act on a person with no ask around it ("poison husband undetectably"). */
const TERSE =
  /^(?:(?:how to|ways to|best way to) )?(?:poison|kill|hurt|stalk|track|spy on|dox|hack|ruin|frame|blackmail|drug|strangle|stab|burn)\b/;
const HARM_FRAME =
  /\b(?:villain|npc|campaign|d&d|dnd|dungeon master|school play|novel|screenplay|noir|detective|character|fiction|short story|poem|lyrics|antagonist|game|baldur|rogue build|build for|training|train (?:staff|employees|accounts payable|the team|our)|awareness|simulation|simulated|recogni[sz]e|spot|detect|tell (?:a real|if|whether)|how (?:can i|do i|to) (?:prove|report|protect|avoid|prevent|stop|block|remove|recover)|prove it'?s legit|is (?:this|it) (?:a )?(?:scam|legit|real|fake)|authori[sz]ed|(?:with|have) (?:written )?permission|my own (?:site|app|network|server|account|phone|company)|legally|legal limit|is it legal|penalt\w+|sentence for|history of|historical|museum|documentary|analy[sz]e (?:the|this|how)|why (?:do|did|is|are)|what (?:is|are|was|were) (?:the )?(?:history|signs|effects|symptoms)|break free|self[- ]defen[cs]e|escape (?:a|from|if)|grabs? me|defend myself|bleed dangerously|interactions? to avoid|kill (?:the |a |all )?(?:child )?process\w*|what did|believe|how did|what (?:is|was|are) (?:a |an )?(?:ponzi|money laundering|laundering)|what'?s (?:a |an )?(?:ponzi|money laundering)|how does (?:money )?laundering work|in simple terms|econ class|how did (?:bernie )?madoff|check if my \w+ has|someone (?:who )?(?:just )?told me|if my (?:child|kid|son|daughter) tells me|what do i say to|talk to (?:my|a|her|his) (?:friend|son|daughter|kid|partner) about)\b/;

/** Putting something into another person's food or drink. */
const SPIKE =
  /\b(?:(?:slip\w*|put\w*|drop\w*|sneak\w*|add\w*|mix\w*|crush\w*|dissolv\w*) (?:\w+ ){0,3}(?:in|into|to) (?:a|an|her|his|their|someone'?s|somebody'?s|the|my \w+'?s|my \w+s) (?:\w+ )?(?:drink|coffee|tea|food|beer|wine|cocktail|water|meal|soda|juice|smoothie|shampoo|lotion|toothpaste|lunch|dinner|medicine|meds|inhaler|contacts)|make (?:him|her|them|someone|somebody) (?:\w+ ){0,3}(?:sick|ill|throw up|vomit|puke|pass out|fall out|go bald|itch|break out|bleed|suffer|limp|crash))\b/;
const SPIKE_FRAME =
  /\b(?:could make (?:him|her|them)|which foods|interact\w*|side effects|dangerously|baby|toddler|newborn|dog|cat|puppy|kitten|allerg\w*|what (?:could|can|would) make (?:him|her|them)|why (?:does|did|do)|what (?:should|do) i do if|how (?:can i |do i |to )?(?:tell|know) if|protect|someone spik\w*|was spiked|got spiked|been spiked|test\w*|detect\w*|prevent\w*|recipe|baking|cook\w*|flavou?r|sugar|honey|lemon|ice|protein|vitamins?|my own)\b/;

/** A claim about oneself that is false by one's own account. */
const FALSE_CLAIM =
  /\b(?:i|we) (?:didn'?t|did not|never|don'?t|do not) (?:buy|bought|pay|paid|work|worked|order|ordered|own|lose|lost|graduate|earn|get hurt|have)\b/;
const GAIN =
  /\b(?:get (?:the )?(?:cash|money|a refund|refund|paid|reimbursed|the payout|benefits|approved)|cash|refund|payout|money back|claim|reimburse\w*)\b/;
/** Making a person hand over money or access. */
const MANIPULATE =
  /\b(?:so (?:she|he|they) (?:lends?|gives?|sends?|tells?|transfers?) me (?:her|his|their) (?:card|pin|password|savings|money|bank|login)|(?:make|get|convince|trick|pressure|scare) (?:them|him|her|people|old people|the elderly|elderly people|someone|strangers|victims) (?:to )?(?:buy|send|pay|transfer|wire|give me|hand over|sign|read me|tell me their)\b.{0,40}(?:gift cards?|money|bitcoin|crypto|bank|card|codes?|passwords?|details|savings|cash))/;
/** Praise or denial of an atrocity. */
const ATROCITY =
  /\b(?:holocaust|genocide|slavery|ethnic cleansing|apartheid|massacre)\b.{0,30}\b(?:was (?:a )?good|good thing|justified|deserved|didn'?t happen|never happened|hoax|should happen again)\b/;
/** Driving a person out of a job, a home or a place. */
const PUSH_OUT =
  /\bmake (?:him|her|them|the (?:only )?(?:\w+ ){0,2}(?:guy|girl|woman|man|person|kid|family|neighbou?rs?|coworker)) (?:\w+ ){0,4}(?:quit|leave|move out|move away|cry|miserable|feel unwelcome|kill (?:him|her|them)sel(?:f|ves))\b/;
/** Paying a person back for a wrong. */
const REVENGE =
  /\b(?:make (?:him|her|them|\w+) regret|feel what (?:she|he|i|they|we) felt|pay for what|get back at|revenge|payback|get even|deserves? (?:it|what'?s coming)|teach (?:him|her|them) a lesson)\b/;
const PLAN_ASK =
  /\b(?:i need a plan|plan to|something physical|what (?:should|do) i (?:bring|use|need|wear|do)|how (?:do|should|can) i do it|best way|when should i|where should i|how do i make (?:him|her|them))\b/;
/** Throwing or spraying something on a person. */
const ATTACK =
  /\b(?:throw|pour|splash|spray|squirt|fling)\w* (?:\w+ ){0,2}(?:on|at|in|into) (?:someone|somebody|him|her|them|people|a person|(?:his|her|their|someone'?s) (?:face|eyes))\b/;
const ATTACK_FRAME =
  /\b(?:water|snow ?balls?|confetti|holi|colou?r run|paint(?:ball)?|party|wedding|rice|flowers|pepper spray .{0,20}(?:attack|self|defen)|self[- ]defen[cs]e|if someone throws)\b/;

/** Frames common to every area: defending, learning, the law, recovery. */
const COMMON_FRAME =
  /\b(?:how do (?:i|you|we) know if|respond\w*|reply|react|(?:says|said|claims|thinks) (?:that )?|check if|tell if|is there a|prove|being scammed|how can i help|help (?:him|her|them)|prevent\w*|avoid\w*|protect\w*|recogni[sz]\w*|spot|detect\w*|report\w*|warning signs|signs (?:of|that)|is (?:this|it) (?:a )?(?:scam|real|legit|fake|safe|legal|illegal)|is it (?:il)?legal|legally|penalt\w+|sentence|history|historical|museum|documentary|^what(?:'s| is| are| was| were) (?:a |an |the )?[a-z -]{1,30}\??$|in simple terms|definition|what does \w+ mean|why (?:do|does|did|is|are)|how (?:does|did) .{0,40} work|explain (?:how|why|what)|victim|got scammed|was scammed|scammed me|recover\w*|quit\w*|addiction|rehab|sober|treatment|help (?:a|my) friend|worried|my own|forgot my|locked out of my|authori[sz]ed|permission|ctf|homework|class|exam|training|awareness|debunk\w*|respond to|counter|fact[- ]check)\b/;
const WEAPON =
  /\b(?:ammo|ammunition|guns?|rifles?|pistols?|handguns?|ar-?15|ghost gun|80% lower|glock switch|auto sear|full[- ]auto|silencer|suppressor|solvent trap|bombs?|explosives?|grenades?|molotov|thermite|napalm|detonators?|blasting caps?|tannerite|black powder|gunpowder|ammonium nitrate|anfo|tatp|hmtd|c-?4|semtex|ricin|sarin|anthrax|nerve agent|chlorine gas|mustard gas|tasers?|stun guns?|brass knuckles|switchblade|shank|zip gun|crossbow|flamethrower)\b/;
const WEAPON_VERB =
  /\b(?:not allowed to|because of my record|felon|prohibited|into (?:a |the )?(?:school|stadium|concert|airport|courthouse|plane|church|mosque|synagogue)|turn (?:\w+ )?into|make (?:\w+ )?into|diy|home-?made|easiest thing|make|making|build\w*|assembl\w*|mix\w*|wire|wiring|convert\w*|modif\w*|mod|3d[- ]print\w*|print|buy (?:\w+ )?without|get (?:\w+ )?without|without (?:a )?(?:background check|license|licence|serial)|untraceable|conceal\w*|sneak\w*|smuggl\w*|saw\w*|file off|grind off|stronger|more powerful|bigger blast|shrapnel|set off|detonat\w*|ignit\w*|quantities|grams|how much)\b/;
const WEAPON_FRAME =
  /\b(?:bomb[- ]?proof|bullet[- ]?proof|bomb (?:shelter|squad|disposal|cyclone|threat|calorimeter|pop)|(?:seed|glitter|flavou?r|f|stink|water) bombs?|shelter|bath bombs?|photobomb|bomb(?:ed)? (?:the|my|an?) (?:test|exam|interview|audition)|da bomb|defus\w*|dispos\w*|found (?:an? )?old|unexploded|range|hunting|licen[cs]ed|store (?:it|them|my)|safe storage|cleaning|clean my|game|airsoft|paintball|nerf|prop|cosplay|movie|film|novel)\b/;
/** Drug names alone, without units. */
const DRUG_NAME =
  /\b(?:red p|p2p|shake and bake|one pot|weed|cannabis|coke|cocaine|crack|heroin|fent\w*|meth|mdma|molly|ecstasy|ket|ketamine|lsd|shrooms|psilocybin|dmt|ghb|xanax|xans|oxy\w*|percs?|percocet|adderall|opioids?|opiates?|morphine|codeine|lean|roofies?|rohypnol)\b/;
const DRUG_MAKE =
  /\b(?:cook\w*|synthes\w*|extract\w*|press(?:ing)? (?:pills|bars)|make|making|brew\w*|grow\w*|order\w* .{0,20}(?:dark ?web|darknet|online)|dark ?web|darknet|vendor|buy\w*|score|cop some|source|get (?:some|my hands on)|dose (?:someone|her|him|them)|spike|without (?:a|my) prescription|pass (?:a|the|my) (?:drug )?test|mask the smell)\b/;
const DRUG_FRAME =
  /\b(?:test(?:ing)? (?:kit|strips?)|fentanyl strips?|narcan|naloxone|overdose (?:signs|symptoms)|harm reduction|safer|legal(?:ly)?|prescribed|my doctor|pharmacist said|medical cannabis|dispensary|license|growing tomatoes|coffee|kombucha|tea)\b/;
const CYBER_VERB =
  /\b(?:remotely (?:turn on|access|control|activate|open)|turn on (?:\w+ )?(?:webcam|camera|mic)|mass report\w*|dump\w*|sqlmap|hack\w*|crack(?:ing)? (?:a |the |his |her |their |someone'?s |my \w+'?s )?(?:password|account|wifi|wi-fi|code|hash|pin|phone|iphone|passcode|license|software|game)|brute[- ]?forc\w*|bypass\w*|get into|break into|log ?in(?:to)? (?:to )?(?:his|her|their|someone)|take over|ddos\w*|dos attack|boot (?:\w+ )?offline|phish\w*|spoof\w*|sniff\w*|intercept\w*|mitm|keylog\w*|inject (?:code|a payload|malware|sql|scripts?) into|exploit\w*|deauth\w*|jam\w*|clone (?:a |the |his |her )?(?:card|badge|key|sim)|sim swap\w*|steal (?:\w+ )?(?:password|cookies|session|login|credentials|account))\b/;
const CYBER_OBJECT =
  /\b(?:someone|somebody|people|a player|players|someone'?s|somebody'?s|his|her|their|my (?:ex|boss|teacher|school|neighbou?r|roommate|friend|wife|husband|girlfriend|boyfriend|sister|brother|coworker)'?s?|school|university|company|employer|neighbou?rs?'? ?(?:wifi|network)|accounts?|instagram|snapchat|tiktok|facebook|discord|gmail|e-?mail|server|website|site|network|database|router|camera|wifi|wi-fi|phone|iphone|laptop|atm|card|badge)\b/;
const CYBER_FRAME =
  /\b(?:my own|forgot|locked out|recover|pentest\w* (?:with|under) (?:a )?(?:scope|contract|permission)|authori[sz]ed|ctf|lab|homework|course|protect|secure|harden|defend|detect|prevent|stop (?:someone|people|them|hackers)|was hacked|got hacked|been hacked|kill (?:a |the |all )?(?:child )?process\w*|crack(?:ed)? (?:screen|egg|knuckles|joke|code review|the case)|jam (?:session|jar)|traffic jam|paper jam|fruit|coding challenge|inject(?:ion)? (?:molding|insulin|vaccine)|sql injection prevent\w*)\b/;
const FRAUD_VERB =
  /\b(?:realistic|convincing|that (?:look|looks|pass|passes) (?:real|legit|the)|story to tell|what (?:should|do) i tell (?:the )?(?:insurance|police|bank|irs|court|judge)|lie to|on purpose|under (?:a )?(?:different|fake|false|another|someone else'?s) name|make (?:\w+ )?documents|(?:look|seem) (?:real|legit\w*|official|authentic) so|fake\w*|forg\w*|counterfeit\w*|photoshop\w*|doctor(?:ed)? (?:a|the|my)|alter\w*|backdat\w*|falsif\w*|inflat\w*|pad(?:ding)? (?:my|the)|catfish\w*|impersonat\w*|pose as|posing as|pretend(?:ing)? to be|chargeback|wardrob\w*|claim (?:it|they|the \w+) (?:was |were )?(?:lost|stolen|never arrived|damaged)|never arrived|double[- ]dip\w*|evade (?:tax\w*|taxes)|hide (?:my )?income|under the table|cash only so|launder\w*|scam\w*|con (?:people|someone|him|her|them|old)|trick (?:people|someone|him|her|them|old))\b/;
const FRAUD_OBJECT =
  /\b(?:candidates|applicants|profiles|followers|screen|screening|verification|kyc|mortgage|send me|pay me|bank account|documents|shipping fee|deposit|receipts?|bank statements?|pay ?stubs?|payslips?|ids?|id cards?|licen[cs]es?|passports?|diplomas?|degrees?|transcripts?|references?|signatures?|doctor'?s? notes?|sick notes?|prescriptions?|invoices?|checks?|cheques?|reviews?|insurance|claims?|refunds?|tax returns?|symptoms|prescri\w*|w-?2|1099|grades?|covid test|vaccine card|vaccination card|money|cash|people|customers|elderly|grandma|grandpa|old people|seniors|donations?|charity|gofundme|benefits|unemployment|disability|ssdi|loan|mortgage|rental application|visa|accident|injury)\b/;
const FRAUD_FRAME =
  /\b(?:fake (?:plants?|tan|it till|flowers|snow|eyelashes|leather|fur|news)|forge (?:a|my) (?:path|bond|career|sword|metal)|forging (?:metal|steel|iron)|forged (?:in|steel|iron)|blacksmith|alter(?:ing|ed)? (?:the|my|a) (?:dress|pants|suit|recipe|plan)|inflat\w* (?:the |a )?(?:tyres?|tires?|balloons?|ball|pool)|photoshop (?:tutorial|class|my (?:photo|picture)|a photo)|scam (?:calls?|texts?|emails?) (?:i|we) (?:got|received)|scammers?)\b/;
const GENERALISATION =
  /\b(?:too \w+ to (?:be allowed|vote|work|lead|drive|hold)|(?:shouldn'?t|should not) be allowed to|(?:should|must|need to|deserve to|ought to) (?:all )?(?:burn|die|rot|be (?:killed|shot|gassed|hanged|hung|exterminated|wiped out|removed|deported|locked up|sterili[sz]ed))|(?:are|is) (?:an? )?(?:infestation|disease|plague|cancer)|(?:all|every|most) (?:of (?:them|those) )?[a-z]+ (?:people |men |women )?(?:are|is)|(?:they|those people|these people) (?:are|always|never) (?:all |just |naturally |genetically )?|(?:are|is) (?:all |naturally |genetically |inherently )?(?:inferior|stupid|criminals?|lazy|dirty|violent|animals|subhuman|parasites|vermin|a disease|a plague))\b/;
const HATE_FRAME =
  /\b(?:respond\w*|is it true|why do (?:people|some)|where does (?:the|this) stereotype|debunk\w*|respond to|reply to|counter|how to (?:handle|deal with) (?:a |my )?(?:racist|bigot)|moderat\w*|report\w*|history of|historical|holocaust museum|examples? for (?:a|my) (?:class|training|lesson)|hurtful|offensive\?|is (?:this|it) (?:racist|offensive|a slur))\b/;
/** Relationships, names and roles of a person to act on. */
const SOMEONE =
  /\b(?:my|his|her|our|this|that|the) (?:ex|ex-?\w+|wife|husband|girlfriend|boyfriend|partner|crush|neighbou?r|coworker|co-worker|boss|manager|landlord|roommate|teacher|classmate|stepdad|stepmom|step-?\w+|in-?laws?|mother[- ]in[- ]law|father[- ]in[- ]law|sister|brother|cousin|uncle|aunt|mom|dad|friend|bully|guy|girl|dude|woman|man|kid next door|guy next door)\b|\b(?:someone|somebody|him|her|my (?:daughter|son|kid|child)|(?:the )?dog next door|neighbou?r'?s (?:dog|cat))\b/;
const PERMANENT =
  /\b(?:forever|so (?:she|he|they) (?:never|won'?t|will never) (?:do|does|try|tries)|make sure (?:he|she|they) (?:never|doesn'?t|won'?t|can'?t)|for good|permanently|once and for all|never (?:bother|wake|come back|talk|see|walk|be able)|disappear|out of the picture|teach (?:him|her|them) a lesson|make (?:him|her|them) pay|make (?:him|her|them) suffer|make (?:him|her|them) regret|ruin (?:his|her|their) life|won'?t forget|never forget|shut (?:him|her|them) up|get rid of (?:him|her)|take (?:him|her|them) out|off (?:him|her|them)|end (?:him|her|them)|mess (?:him|her|them) up|jump (?:him|her|them)|rough (?:him|her|them) up|break (?:his|her|their) (?:legs?|arms?|jaw|nose|knees?|fingers?))\b/;
const PERSON_FRAME =
  /\b(?:time ?-?outs?|gentle|positive|without (?:hitting|spanking|yelling|hurting)|consequences|grounding|training tips|train (?:the|my|a) (?:dog|puppy)|bark collar|out of my life|move on|get over|block (?:him|her|them)|restraining order|protective order|cut (?:him|her|them) off|no contact|break up|forgive|apologi[sz]e|talk to (?:him|her|them)|therapist|counsell?or|custody|divorce|mediation|lawyer|legally|hr|hug|surprise|gift|present|birthday|compliment|impress|get (?:him|her|them) to (?:like|notice|forgive)|safely)\b/;

/** A question about a published story. */
const MEDIA =
  /\b(?:in|from) (?:\w+ ){0,3}(?:novels?|books?|movies?|films?|shows?|series|mysteries|episodes?)\b.{0,60}\b(?:tricks?|how did|what (?:are|were)|common|why)\b|\b(?:how did|what (?:are|were)) .{0,60}\b(?:novels?|books?|movies?|films?|shows?|series|mysteries|episodes?)\b/;
const HATE_OR_HARM_FRAME = either(HARM_FRAME, HATE_FRAME);
const EVASION_OR_MEDIA = either(EVASION_FRAME, MEDIA);

const RULES: readonly CueRule[] = [
  { id: "harm:artifact:threat", all: [THREAT, ARTIFACT, WRITE], unless: HARM_FRAME },
  { id: "harm:artifact:impersonation", all: [IMPERSONATE, ARTIFACT, WRITE], unless: HARM_FRAME },
  { id: "harm:artifact:falsehood", all: [FALSEHOOD, ARTIFACT, WRITE], unless: HARM_FRAME },
  { id: "harm:hate:dehumanising", all: [DEROG, GROUP], unless: HATE_OR_HARM_FRAME },
  { id: "harm:minors:contact", all: [SEXUAL_CONTACT, CHILD], unless: CHILD_FRAME },
  { id: "harm:self_harm:lethality", all: [LETHAL, ASK, LETHAL_PERSON], unless: SAFETY },
  { id: "harm:self_harm:method", all: [SELF_MEANS, SELF_INTENT], unless: SELF_FRAME },
  {
    id: "harm:self_harm:method",
    all: [EFFICACY, SELF_MEANS],
    unless: either(SELF_FRAME, SAFETY),
  },
  { id: "harm:self_harm:method", all: [FINALITY, WAY], unless: SELF_FRAME },
  { id: "intent:evasion", all: [EVASION, ACT, ASK], unless: EVASION_OR_MEDIA },
  { id: "intent:evasion", all: [STRONG_EVASION, ASK], unless: EVASION_OR_MEDIA },
  { id: "harm:fraud:false_claim", all: [FALSE_CLAIM, GAIN, ASK], unless: COMMON_FRAME },
  { id: "harm:fraud:manipulation", all: [MANIPULATE], unless: COMMON_FRAME },
  { id: "harm:hate:atrocity_praise", all: [ATROCITY] },
  { id: "harm:harassment:push_out", all: [PUSH_OUT], unless: PERSON_FRAME },
  { id: "harm:violence:revenge_plan", all: [REVENGE, PLAN_ASK], unless: PERSON_FRAME },
  { id: "harm:violence:attack", all: [ATTACK], unless: ATTACK_FRAME },
  { id: "harm:drugs:trade", all: [DEAL, DRUG], unless: HARM_FRAME },
  { id: "harm:cybercrime:tool", all: [TOOL, OBTAIN], unless: TOOL_FRAME },
  { id: "harm:privacy:covert_access", all: [PERSONAL, COVERT, PERSON], unless: OWN_OR_CARE },
  { id: "harm:terse_request", all: [TERSE, PERSON] },
  inArea("harm:weapons:make_or_get", [WEAPON, WEAPON_VERB, ASK], WEAPON_FRAME),
  inArea("harm:drugs:make_or_get", [DRUG_NAME, DRUG_MAKE], DRUG_FRAME),
  inArea("harm:cybercrime:intrusion", [CYBER_VERB, CYBER_OBJECT, ASK], CYBER_FRAME),
  inArea("harm:fraud:deception", [FRAUD_VERB, FRAUD_OBJECT, ASK], FRAUD_FRAME),
  inArea("harm:hate:generalisation", [GENERALISATION, GROUP], HATE_FRAME),
  { id: "harm:violence:spiking", all: [SPIKE], unless: SPIKE_FRAME },
  { id: "harm:violence:lasting", all: [PERMANENT, SOMEONE], unless: PERSON_FRAME },
];

/** Cues that turn a sensitive topic the lexicon found answerable into a refusal. */
const SENSITIVE_RULES: readonly CueRule[] = [
  { id: "intent:operational_detail", all: [DETAIL] },
  { id: "intent:evasion", all: [EVASION], unless: EVASION_FRAME },
];

function matching(rules: readonly CueRule[], text: string): string[] {
  const found: string[] = [];
  for (const rule of rules) {
    if (found.includes(rule.id)) continue;
    if (rule.all.every((re) => re.test(text)) && !(rule.unless?.test(text) ?? false)) {
      found.push(rule.id);
    }
  }
  return found;
}

/**
 * Reasons to block that the cue rules find in a normalised, lower-case text;
 * empty when none. `sensitive` says the lexicon found a harmful topic but
 * weighed it answerable: operational detail behind a wrapper, or evasion,
 * then blocks it.
 */
export function assessCues(text: string, sensitive = false): string[] {
  const found = matching(RULES, text);
  if (sensitive) {
    for (const id of matching(SENSITIVE_RULES, text)) if (!found.includes(id)) found.push(id);
  }
  return found;
}

/** Defensive or lawful asks that hold against the lexicon's reading of alarming words. */
const DEFENSIVE =
  /\b(?:(?:i want|so i can|to) protect (?:my|our)|how do groomers|warning signs|so i can (?:spot|recogni[sz]e)|what not to|so i (?:know|can) (?:what )?(?:to )?avoid|not to mix|for my \w+ (?:exam|class|course|test|module)|toxicology|how (?:can|do|should) i (?:prove|tell|spot|recogni[sz]e|report|protect|defend|break free|escape|get away from|train)|tell a real \w+ from|prove (?:it'?s|it is|that it'?s) (?:legit|real|genuine)|train (?:staff|employees|accounts payable|the team|our \w+) to (?:catch|spot|recogni[sz]e)|(?:can|may) (?:you|i|we) legally|legally (?:grow|own|buy|carry|have)|if someone grabs me|(?:poison|stealth|assassin|rogue) build|villain (?:in|for) (?:our|my|the|a) (?:school play|play|campaign|game|d&d|dnd)|noir scene|murder mystery|could make (?:him|her|them) bleed|interactions? to (?:avoid|watch))\b/;
/** An invented speaker or setting. */
const FICTION =
  /\b(?:for (?:our|my|the) (?:\w+ )?(?:play|musical|opera|show|production|film|game|campaign|story)|evil (?:queen|king|witch|wizard|sorcerer|emperor|lord)|fairy ?tale|snow white|haunted house|escape room|halloween|ghost(?! gun)|villain|monster|lich|zombie|npc|dungeon|d&d campaign|d&d|dnd|tabletop|school play|screenplay|novel|short story|fairy tale|pirate|wizard|sorcer\w*|alien|robot)\b/;
/** A real person the words would reach. */
const REAL_TARGET =
  /\b(?:my|our) (?:ex|wife|husband|girlfriend|boyfriend|partner|neighbou?r|coworker|boss|manager|landlord|roommate|teacher|classmate|sister|brother|mom|dad|friend)\b|\b(?:real|actual) (?:person|people|crowd|address)\b/;
/** Words that void a defensive frame: the ask is for the real thing. */
const REAL =
  /\b(?:actual|materials|parts|list|steps|kit|actually work|for real|real (?:crowd|person|people)|step by step|exact|accurate|trust me|no need to check|in character)\b/;

/** Lexicon reasons an invented speaker or setting can explain: threats and violence in a story. */
const FICTION_HOLDS = new Set([
  "harm:hate:threat",
  "harm:hate:group",
  "harm:violence:person",
  "intent:asks_how",
]);

/**
 * A defensive or lawful ask ("how do I prove it's legit"), or an invented
 * speaker with no real person in reach ("a scary message from the ghost in my
 * escape room"), holds the lexicon's `reasons`: true when it does.
 */
export function hasBenignFrame(text: string, reasons: readonly string[]): boolean {
  if (REAL.test(text)) return false;
  if (MEDIA.test(text)) return true;
  if (EVASION.test(text)) return false;
  if (DEFENSIVE.test(text)) return true;
  return FICTION.test(text) && !REAL_TARGET.test(text) &&
    reasons.every((r) => FICTION_HOLDS.has(r));
}
