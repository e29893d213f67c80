/**
 * The reference engine's rules as data: each rule is a reason id and a
 * precompiled regular expression over lower-cased, normalised text. Every
 * pattern is linear in the input (bounded gaps, no nested quantifiers).
 * Internal to lib/soul.
 *
 * @module
 */

/**
 * One rule: a reason id, the pattern that raises it, and key words. The
 * pattern can only match when one of the key words appears as a whole word
 * (letters only), so a rule whose keys are absent is skipped without running
 * its pattern: most requests run only a handful of the rules.
 */
export interface Rule {
  /** Reason id, e.g. `injection:instruction_override`. */
  readonly id: string;
  /** Pattern over lower-cased text. */
  readonly re: RegExp;
  /** Whole words (a-z only), one of which every match contains; empty means always run. */
  readonly keys: readonly string[];
  /** Position in {@linkcode RULES}. */
  readonly index: number;
}

/** Every rule, in creation order. */
export const RULES: Rule[] = [];

function rule(id: string, re: RegExp, keys: string): Rule {
  const r: Rule = { id, re, keys: keys === "" ? [] : keys.split(" "), index: RULES.length };
  RULES.push(r);
  return r;
}

// ---------------------------------------------------------------- blocking

/** Attempts to subvert the assistant's instructions. Any hit blocks. */
export const INJECTION_RULES: readonly Rule[] = [
  rule(
    "injection:instruction_override",
    /\b(?:ignore|disregard|forget|override|bypass|stop following|abandon)\s+(?:all\s+|any\s+|of\s+)?(?:your|the previous|the above|the prior|the system|the safety|previous|prior|above|earlier|system|safety|these|those)\b[^.?!\n]{0,25}?\b(?:instructions?|rules|guidelines|directives|programming|guardrails|restrictions|polic(?:y|ies)|prompts?)\b(?!\s+(?:i|we)\s+(?:gave|wrote|sent|typed|mentioned))|\b(?:ignore|disregard|forget)\s+(?:everything|all)\s+(?:you were|you've been|above|before)\b/,
    "ignore disregard forget override bypass following abandon",
  ),
  rule(
    "injection:instruction_override",
    /\bnew instructions?\b[^.?!\n]{0,30}\b(?:override|replace|supersede|from the developer)|\bnew instructions?:|\b(?:from now on|for the rest of this conversation),? you (?:have no|are no longer|are free|are now|will ignore|never refuse)\b/,
    "instruction instructions now conversation",
  ),
  rule(
    "injection:instruction_override",
    /\b(?:system|admin|administrator|developer|root|sudo) (?:override|note to)\b|(?:^|\n)\s*#*\s*system\s*:|\[(?:system|admin)\b[^\]]{0,20}\]|\bpolicy (?:is )?(?:revoked|disabled|suspended|lifted)\b/,
    "system admin administrator developer root sudo policy",
  ),
  rule(
    "injection:safety_bypass",
    /\bsafety (?:checks?|filters?|rules|guidelines) (?:are |is )?(?:now )?(?:disabled|off|lifted|suspended|revoked)\b|\b(?:disable|turn off|deactivate|bypass|remove|switch off)\s+(?:all\s+|any\s+)?(?:your|the)?\s*(?:own\s+)?(?:safety|content|moderation|ethical)\s+(?:filters?|filtering|checks|guardrails|rules|guidelines)\b|\b(?:disable|turn off|remove)\s+your\s+(?:filters|guardrails|safeguards|restrictions)\b|\bwithout any checks\b|\bmark every request\b[^.?!\n]{0,30}\bpre-?approved\b|\bapprove (?:everything|all requests) that follows?(?=[.!]|$)/,
    "safety content moderation ethical filters guardrails safeguards restrictions checks mark approve",
  ),
  rule(
    "injection:role_play",
    /\b(?:you are|you're|act as|pretend to be|roleplay as|role-play as|play the role of|become)\b[^.?!\n]{0,15}?\b(?:dan|evilbot|evil bot|devmode|dev mode|jailbroken|unfiltered|uncensored|unrestricted|an ai with no|a rogue \w+ ai|without (?:any )?(?:rules|restrictions|limits|filters))\b|\bdo anything now\b|\b(?:character|ai|assistant|bot|model|persona)\b[^.?!\n]{0,20}\bnever refuses?\b|\bstay in character no matter\b/,
    "dan evilbot evil devmode dev jailbroken unfiltered uncensored unrestricted ai rogue without anything refuse refuses character",
  ),
  rule(
    "injection:prompt_leak",
    /\byour (?:system|initial|hidden|original|secret|internal|developer|confidential) (?:prompt|instructions|rules|message|configuration|guidelines)\b|\bthe system prompt\b|\brepeat (?:everything|all|the text|the words) (?:above|before)\b|\btext you were given\b|\bwhat were you told not to\b|\b(?:dump|print|show|reveal|output|list)\b[^.?!\n]{0,20}\byour (?:configuration|config|moderation rules|api keys?)\b|\bapi keys? in your context\b/,
    "system initial hidden original secret internal developer confidential repeat given told configuration config moderation api",
  ),
  rule(
    "injection:indirect",
    /\bnote to (?:the |any )?(?:ai|assistant|model|llm|bot)s?\b|\b(?:ai|assistant|model|chatbot)s? reading this\b|\b(?:forward|send|reveal|export|delete|leak|share|upload)\b[^.?!\n]{0,30}\bthe user'?s\b|\bthe user has (?:granted|given|authori[sz]ed)\b|\bwithout (?:asking|telling|informing|notifying) the user\b/,
    "note reading user",
  ),
  rule(
    "injection:data_exfiltration",
    /\bexport all (?:user|customer)s?'? (?:conversations|data|chats|records)\b|\breset the password\b[^.?!\n]{0,60}\bsend it to me\b|\bsend me the (?:admin|root) password\b/,
    "export reset password",
  ),
];

/** Claims of authority; they block only next to a privileged goal. */
export const AUTHORITY_CLAIM: Rule = rule(
  "injection:false_authority",
  /\b(?:i'?m|i am|this is) (?:the |your )?(?:system administrator|sysadmin|lead developer|developer|owner|admin)\b|\bsafety team that trained you\b|\b(?:authori[sz]ation code|override key|you are cleared to|root access)\b|\bofficial audit\b|\bas a police officer\b/,
  "administrator sysadmin developer owner admin safety authorization authorisation override cleared root audit police",
);

/** Privileged goals that make an authority claim an attack. */
export const PRIVILEGED_GOAL =
  /\b(?:disable|turn off|export all|reset the password|home address|phone records|without checks|send it to me|cleared to|approve the following)\b/;

/** Harmful or subversive requests in other languages. */
export const MULTILINGUAL_RULE: Rule = rule(
  "harm:multilingual",
  /\b(?:ignora|ignoriere|ignorar|ignore toutes)\b[^.?!\n]{0,25}\b(?:instrucciones|instructions|anweisungen|instruções|istruzioni|reglas|règles|regeln|regole)\b|忽略|炸弹|игнорируй|оружие|\b(?:bomba|bombe)\b|\b(?:clonar|cloner)\b[^.?!\n]{0,20}\b(?:tarjeta|carte)\b|\bpirater\b|\bméthamphétamine\b|\bheimlich orten\b|\blavar dinheiro\b|\bavvelenare\b|\bfentanilo\b|\be-mail de phishing\b|\bransomware schreibt\b/,
  "ignora ignore ignoriere ignorar bomba bombe clonar cloner pirater heimlich lavar avvelenare fentanilo phishing ransomware",
);

/**
 * Harmful and subversive keywords checked in de-obfuscated text (decoded
 * base64 or rot13, undone leetspeak or look-alike letters), with `l` folded
 * into `i` because leetspeak writes both as `1`.
 */
export const OBFUSCATED_KEYWORDS =
  /\b(?:bombs?|napaim|nerve agent|automatic|untraceabie|guns?|ransomware|keyiogger|passwords?|botnet|hack|break into|phishing|credit card|iaunder|fake id|identity|fake charity|poison|hurt someone|sabotage|fire in|meth|fentanyi|smuggie|cocaine|spike|threatening|home address|miserabie|track my|private photos|ignore|instructions|system prompt|expiosives?|weapons?|maiware|stea[il]s?)\b/;

// -------------------------------------------------------- risky payloads

/** SQL fragments: harmless as data, so they only fail pre-validation. */
export const SQL_FRAGMENT =
  /'\s*(?:or|and)\s+(?:'[^']*'|"[^"]*"|\d+|sleep\b)|"\s*or\s+"|;\s*(?:drop|delete|truncate|alter|insert|update|exec)\s|\bunion\s+(?:all\s+)?select\b|'\s*;?\s*--|\bdrop\s+table\b/;

/** Markup that would run where it is shown. */
export const MARKUP =
  /<\s*(?:script|iframe|svg|img|body|object|embed)\b|javascript:|\bon[a-z]{3,12}\s*=/;

/** Template and format-string markers a template engine or logger would interpret. */
export const TEMPLATE_MARKERS =
  /\{\{[^}]{0,60}\}\}|\$\{[^}]{0,60}\}|#\{[^}]{0,60}\}|<%=?|(?:%0?\d*[sxnp]){2,}|%0\d+x|\{0?\.?_{2}\w+|_{2}(?:class|init|globals|mro|builtins)_{2}/;

/** Words that sound dangerous out of context; they only fail pre-validation. */
export const ALARMING_WORDS: ReadonlySet<string> = new Set(
  "kill killed kills shoot shot execute attack nuke terminate hack exploit bomb bombed poison butcher blow fire wipe knife crash crashing beat weapon gun steal drug virus destroy murder die dead threat"
    .split(" "),
);

// ------------------------------------------------------ conflicts (clarify)

/** Contradictory instructions in one request. */
export const CONFLICT_RULES: readonly Rule[] = [
  rule(
    "conflict:contradictory_instructions",
    /\b(?:delete|remove|erase|wipe)\b(?:[^.?!\n]|\.\S){1,60}?\b(?:but|and|;)\s+(?:also\s+)?(?:keep|preserve)\s+(?:a copy|it|them|everything|all|the original)\b|\bmove\b(?:[^.?!\n]|\.\S){1,60}?\bbut (?:leave|keep) it (?:where it is|in place|there)\b|\bcancel\b(?:[^.?!\n]|\.\S){1,60}?\bbut (?:make sure )?it still (?:happens|goes ahead)\b|\b(?:turn|switch|shut) off\b(?:[^.?!\n]|\.\S){1,40}?\b(?:and|but) (?:keep|leave) it on\b/,
    "keep preserve leave still",
  ),
  rule(
    "conflict:contradictory_instructions",
    /\bprivate\b(?:[^.?!\n]|\.\S){1,40}?\b(?:and|but) (?:invite|share (?:it )?with|tell) (?:everyone|everybody|all|the whole|the entire)\b|\bpublic(?:ly)?\b(?:[^.?!\n]|\.\S){1,40}?\bbut\b[^.?!\n]{0,20}\b(?:nobody|no one|private)\b|\bunsubscribe\b(?:[^.?!\n]|\.\S){1,60}?\bbut keep sending\b|\barchive (?:every|all)\b(?:[^.?!\n]|\.\S){1,60}?\bbut leave\b[^.?!\n]{0,30}\buntouched\b|\b(?:mute|silence) all\b(?:[^.?!\n]|\.\S){1,40}?\bbut (?:ping|notify|alert) me\b|\breply all\b(?:[^.?!\n]|\.\S){1,60}?\bbut only to\b/,
    "private public publicly unsubscribe archive mute silence only",
  ),
  rule(
    "conflict:contradictory_instructions",
    /\b(send|book|pay|buy|order|delete|cancel|share|publish|reply|transfer|submit|move|approve)\b(?:[^.?!\n]|\.\S){1,60}?\b(?:but|and|;)\s+(?:also\s+)?(?:don'?t|do not|never)\s+\1\b|\bapprove\b[^\n]{0,60}\breject|\breject\b[^\n]{0,60}\bapprove\b|\bcancel\b[^\n]{0,40}\bno, keep\b|\bcancel the (\w+)\b[^\n]{0,20}\bbut keep the \2\b/,
    "don not never reject keep",
  ),
  rule(
    "conflict:changed_mind",
    /\bactually,? (?:wait|don'?t|no)\b|\bno,? (?:do it|keep it|wait)\b|\bhmm,? no\b|\bwait,? don'?t\b|[.!]\s+(?:no|yes)\.\s|\bmust not leave\b/,
    "actually no hmm wait yes leave",
  ),
  rule(
    "conflict:approval_gates",
    /\b(?:without asking(?: me)?|you have my approval|auto-?approve|don'?t wait for me|no need to (?:ask|check))\b[^\n]{0,120}\b(?:my sign-?off|my (?:explicit )?ok\b|my (?:manual )?review|approve all\b|my approval|sign-?off first)/,
    "asking approval auto wait need",
  ),
];

/** Acting now while a standing instruction forbids it until later. */
export const URGENT = /\b(?:now|right away|immediately|today|this morning|asap|right now)\b/;
/** A hold or prohibition with a deadline. */
export const HOLD_UNTIL: Rule = rule(
  "conflict:contradictory_timing",
  /\b(?:don'?t|do not|hold|freeze|keep|no)\b[^.?!\n]{0,60}\b(?:until|before)\b/,
  "until before",
);

/** An expensive ask... */
export const EXPENSIVE: Rule = rule(
  "conflict:budget",
  /\b(?:most expensive|top-of-the-line|flagship|first class|premium|luxury|designer|5 stars|five stars|oled|every subscription|catering for \d{2,}|for a week)\b/,
  "expensive top flagship first premium luxury designer stars oled subscription catering week",
);
/** ...with a budget that cannot pay for it. */
export const TINY_BUDGET =
  /(?:more than|under|at most|total|to|budget (?:is|of)) [$€£]\d{1,2}\b|[$€£]\d{1,2} total\b|\bwithout spending any\b|\bbudget is zero\b|\bno money\b/;

// ---------------------------------------------------- ambiguity (clarify)

/** Common chat typos, undone before the ambiguity rules. */
export const TYPO =
  /\b(?:teh|taht|tht|thign|stuf|agian|otehr|frm|b4|sned|chek|hlep|updte|finsh|fx|cna|plz|pls|thx|u)\b/g;
/** What each typo stands for. */
export const TYPO_MAP: Readonly<Record<string, string>> = {
  teh: "the",
  taht: "that",
  tht: "that",
  thign: "thing",
  stuf: "stuff",
  agian: "again",
  otehr: "other",
  frm: "from",
  b4: "before",
  sned: "send",
  chek: "check",
  hlep: "help",
  updte: "update",
  finsh: "finish",
  fx: "fix",
  cna: "can",
  plz: "please",
  pls: "please",
  thx: "thanks",
  u: "you",
};

/** References to context the text does not give. */
export const UNCLEAR_REFERENCE: Rule = rule(
  "ambiguity:unclear_reference",
  /\b(?:the|that|this|some|other|meeting|file) thing\b|\bstuff\b|\bthe usual\b|\bthe other (?:one|1)\b|\bthe one (?:from|we|i|you)\b|\bwhat i mentioned\b|\bwhatever\b|\bwhoever\b|\bfrom before\b|\blike last time\b|\bsame as (?:last time|before)\b|\bwe (?:talked about|said|discussed)\b|\byou know what i mean\b|\bthe rest\b|\bwhat you did before\b|\bwhen works\b|\bsame again\b|\btry again\b|\bthe (?:old|new|short|long|important|big|small|right|same|recent|first|last|early|late)(?:er|est)? one\b|\bor the one\b/,
  "thing stuff usual other one mentioned whatever whoever before last talked said discussed mean rest works again",
);

/** Hedging and not knowing what is wanted. */
export const UNCLEAR_GOAL: Rule = rule(
  "ambiguity:unclear_goal",
  /\bi'?m not sure\b|\bnot sure what\b|\bidk\b|\bi don'?t know (?:what|where|how)\b|\bsomething'?s (?:off|wrong)\b|\banything you can do\b|\bmaybe something\b|\bi guess\b|\byou know\?|\bif that makes sense\b|\bor something\b/,
  "sure idk know off wrong anything maybe guess makes something",
);

/** An imperative whose only object is a pronoun ("fix it", "send that"). */
export const PRONOUN_COMMAND =
  /^(?:(?:hey|ok|okay|um|hmm|so|so yeah|right|please|can you|could you|just|quick one|quick)\b[\s,:-]*)*(?:do|fix|sort(?: out)?|handle|redo|undo|update|finish|send|change|check|look at|deal with|take care of|tweak|make|clean|move|delete|cancel|go ahead with|help with|help me with|sort)\s+(?:it|that|this|those|these|them)\b/;

/** A fragment: a noun phrase with no verb ("so the email..."). */
export const FRAGMENT =
  /^(?:(?:hey|ok|okay|um|hmm|so yeah|right|please|can you|could you just|could you|quick one)\b[\s,:-]*)*(?:(?:so|and|oh|wait|what about|about)\b[\s,]*)*(?:the|that|those)\b/;

/** Vague amounts with a transaction ("send a bit", "order a few"). */
export const VAGUE_QUANTITY: Rule = rule(
  "ambiguity:missing_quantity",
  /\b(?:transfer|send|order|buy|book|get|increase|decrease|raise|top up|reduce|give|push|delay)\b[^.?!;\n]{0,50}?\b(?:some|a few|a bit|a little|enough|a couple|more|whatever'?s reasonable|a lot)\b/,
  "some few bit little enough couple more reasonable lot",
);

/** A concrete amount of money or a count. */
export const AMOUNT = /[$€£]\s?\d|\b\d+(?:[.,]\d+)?\s?(?:dollars|euros|pounds|usd|eur|gbp)\b/;

/** An explicit clock time. */
export const CLOCK_TIME =
  /\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\bnoon\b|\bmidnight\b|\b(?:1[3-9]|2[0-3]):[0-5]\d\b/;

/** A day or date. */
export const DAY_OR_DATE =
  /\b(?:today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|next week|this week|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}\b|\bin \d+ (?:minutes|hours|days|weeks)\b/;

/** An hour with no am/pm, or "o'clock": several readings. */
export const BARE_HOUR =
  /(?<!table )\b(?:at|to|for) \d{1,2}(?::\d{2})?(?![\w%°'/:;-]|[.,]\d|\s?(?:am|pm|a\.m|p\.m)\b)(?!\s+(?:[a-z]+ )?(?:people|persons|guests|nights|days|weeks|months|years|minutes|mins|hours|hrs|seconds|times|packs|items|pieces|of|adults|kids|children|rooms|tickets|percent|degrees|shares|units|bottles|boxes|copies|km|miles|kg|lbs?|ounces|oz|cups|stars|at)\b)|\bo'clock\b/;

/** A date given as a bare ordinal ("the 15th"), no month. */
export const BARE_ORDINAL = /\b(?:to|on|for) the \d{1,2}(?:st|nd|rd|th)\b/;

/** Alternatives left open ("or this one, whichever"). */
export const ALTERNATIVES: Rule = rule(
  "ambiguity:alternatives",
  /\bwhichever\b|\bor this one\b|\bin the (?:morning|evening|afternoon) or (?:the )?(?:morning|evening|afternoon)\b|\bi forget which\b/,
  "whichever one morning evening afternoon forget",
);

/** Several people or things with the same name. */
export const AMBIGUOUS_ENTITY: Rule = rule(
  "ambiguity:ambiguous_entity",
  /\b(?:two|three|a few|several|multiple|many) [a-z]+s (?:in my contacts|on (?:that|the) thread)\b|\bthere are (?:a few|two|several|many)\b|\bnot [a-z]+ from\b|\bthe other (?!one\b|thing\b|ones\b)[a-z]+\b|\bthe [a-z]+ (?:i|we) (?:met|saw|know|mentioned)\b/,
  "contacts thread there not other met saw know mentioned",
);

/** Place names shared by several well-known places. */
export const AMBIGUOUS_PLACE: Rule = rule(
  "ambiguity:ambiguous_place",
  /\b(?:portland|springfield|cambridge|birmingham|san jose|georgia|victoria|columbia|valencia|santiago|richmond|kingston|newcastle|hamilton|perth)\b(?!,? (?:oregon|maine|or|me|uk|england|spain|chile|usa|us|ma|al|illinois|massachusetts|costa rica|bc|australia|the country|the state))/,
  "portland springfield cambridge birmingham jose georgia victoria columbia valencia santiago richmond kingston newcastle hamilton perth",
);

/** Slot requirements: an action and what it needs to be actionable. */
export interface SlotRule {
  /** Reason id when the slot is missing. */
  readonly id: string;
  /** The action that needs the slot, gated by its key words. */
  readonly action: Rule;
  /** Any of these satisfies the slot. */
  readonly needs: readonly RegExp[];
}

/** Actions that cannot be done without a time, date, amount or recipient. */
export const SLOT_RULES: readonly SlotRule[] = [
  {
    id: "ambiguity:missing_time",
    action: rule("ambiguity:missing_time", /\bbook (?:a|me a|us a) table\b/, "table"),
    needs: [CLOCK_TIME],
  },
  {
    id: "ambiguity:missing_time",
    action: rule(
      "ambiguity:missing_time",
      /\b(?:set up|schedule|book|arrange|organi[sz]e|make)\b(?:\s+[\w'-]+){0,4}?\s+(?:meeting|call|appointment|sync|session|interview|catch-?up)\b/,
      "meeting call appointment sync session interview catch",
    ),
    needs: [CLOCK_TIME],
  },
  {
    id: "ambiguity:missing_time",
    action: rule(
      "ambiguity:missing_time",
      /\b(?:set|create|add) (?:a |an )?reminder\b|\bremind me\b/,
      "reminder remind",
    ),
    needs: [DAY_OR_DATE, CLOCK_TIME],
  },
  {
    id: "ambiguity:missing_time",
    action: rule("ambiguity:missing_time", /\balarm\b/, "alarm"),
    needs: [CLOCK_TIME],
  },
  {
    id: "ambiguity:missing_time",
    action: rule(
      "ambiguity:missing_time",
      /\b(?:get|book|call|order)\b[^.?!\n]{0,10}\b(?:ride|taxi|cab|uber|lyft)\b/,
      "ride taxi cab uber lyft",
    ),
    needs: [CLOCK_TIME],
  },
  {
    id: "ambiguity:missing_date",
    action: rule(
      "ambiguity:missing_date",
      /\b(?:book|reserve)\b(?:\s+[\w'-]+){0,3}?\s+(?:flights?|hotels?|rooms?|tickets?|train|stay|b&b)\b|\b(?:buy|get|order)\b[^.?!\n]{0,10}\btickets?\b/,
      "flight flights hotel hotels room rooms ticket tickets train stay b",
    ),
    needs: [DAY_OR_DATE],
  },
  {
    id: "ambiguity:missing_amount",
    action: rule(
      "ambiguity:missing_amount",
      /\b(?:transfer|send|wire|pay)\b(?:\s+[\w'-]+){0,3}?\s+(?:money|funds|cash)\b/,
      "money funds cash",
    ),
    needs: [AMOUNT],
  },
  {
    id: "ambiguity:unclear_reference",
    action: rule("ambiguity:unclear_reference", /\bthe (?:[a-z]+ )?invoice\b/, "invoice"),
    needs: [/#\s?\d|\binvoice \d|[$€£]\d/],
  },
  {
    id: "ambiguity:missing_recipient",
    action: rule(
      "ambiguity:missing_recipient",
      /^(?:(?:please|can you|could you|hey)\b[\s,]*)*(?:send|forward|share|mail)\s+(?:the|this|that|my)\b/,
      "send forward share mail",
    ),
    needs: [/\b(?:to|with)\s+\S|@/],
  },
];

/** A third-person pronoun (ambiguous when two people are named). */
export const HIM_HER: Rule = rule(
  "ambiguity:ambiguous_pronoun",
  /\b(?:him|her|he|she)\b/,
  "him her he she",
);

/** Text that says or looks like it is rot13. */
export const ROT13_HINT: Rule = rule(
  "encoding:rot13",
  /\brot-?13\b|\bubj gb\b|\bgryy zr\b|\bvtaber\b|\bvafgehpgvbaf\b/,
  "rot ubj gryy vtaber vafgehpgvbaf",
);

// ----------------------------------------------------------- structure

/** More than one action: connectors, numbered lists, branches. */
export const MULTI_STEP: Rule = rule(
  "structure:multi_step",
  /\b(?:then|after that|afterwards|once that'?s done|finally|step (?:one|two|1|2)|next,|to start,|last,|otherwise|if not)\b|\n\s*\d+[.)]\s|;\s|, and (?:then )?[a-z]+ |\band (?:then )?(?:invite|notify|attach|add|rename|check|turn|send|email|text|book|order|post|update|share|save|tell|suggest|open|lock|start|remind|pay|reserve|label|mark|ask|move|delete|label|set|put|copy|export|run)\b/,
  "then after afterwards once finally step next start last otherwise not and",
);

/** Reasons that route to clarification, with the question asked back. */
export const QUESTIONS: Readonly<Record<string, string>> = {
  "structure:empty": "What would you like me to do? The request is empty",
  "structure:no_words": "I could not find any words in the request. What would you like me to do?",
  "structure:control_chars":
    "The request contains hidden control characters. Could you send it again as plain text?",
  "structure:malformed_unicode": "Part of the request is corrupted text. Could you send it again?",
  "structure:combining_flood":
    "The text is buried under stacked accent marks. Could you send it again as plain text?",
  "structure:deep_nesting":
    "This is a deeply nested payload with no request around it. What should I do with it?",
  "obfuscation:bidi_override":
    "The text contains a right-to-left override that changes how it displays. Can you confirm the exact name or value you mean?",
  "risk:markup":
    "This contains HTML or script markup that would run where it is shown. Should I use it as plain text instead?",
  "risk:template_markers":
    "This contains template or format placeholders that a template engine or logger would interpret. Should I use it as literal text?",
  "conflict:contradictory_instructions":
    "These instructions contradict each other. Which one should I follow?",
  "conflict:changed_mind":
    "The request changes its mind along the way. What is your final decision?",
  "conflict:contradictory_timing":
    "You asked me to act now but also to hold off. Should I go ahead now or wait?",
  "conflict:approval_gates":
    "You gave approval but also asked to review this first. Should I go ahead or wait for your sign-off?",
  "conflict:budget":
    "The budget does not cover what you asked for. Which matters more, the item or the limit?",
  "ambiguity:missing_time": "When should this happen? Please give a day and a time (am or pm)",
  "ambiguity:missing_date": "For which dates? Please give the day or date",
  "ambiguity:ambiguous_time": "Which time exactly, am or pm, and on which day?",
  "ambiguity:alternatives": "You left several options open. Which one should I pick?",
  "ambiguity:missing_amount": "What amount should I use?",
  "ambiguity:missing_quantity": "How much or how many exactly?",
  "ambiguity:missing_recipient": "Who should receive it?",
  "ambiguity:ambiguous_entity": "Several people or things match that name. Which one do you mean?",
  "ambiguity:ambiguous_place":
    "Several places have that name. Which one do you mean (state or country)?",
  "ambiguity:ambiguous_pronoun": "Who do you mean by that pronoun? Please name the person",
  "ambiguity:unclear_reference": "Which one do you mean? Please name the item",
  "ambiguity:unclear_goal": "What outcome are you after? Please describe the task",
  "vague:underspecified": "What exactly should I do, and with what?",
  "vague:fragment": "It looks like the message was cut short. What would you like me to do?",
};

/** The question asked back when a request is refused. */
export const BLOCKED_QUESTION = "I can't help with that. Is there something else I can do for you?";

/** Which rules each key word enables (built once from {@linkcode RULES}). */
export const KEY_INDEX: ReadonlyMap<string, readonly number[]> = buildKeyIndex();

/** Rules with no key words: they always run. */
export const UNGATED: readonly number[] = RULES.filter((r) => r.keys.length === 0).map((r) =>
  r.index
);

function buildKeyIndex(): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (const r of RULES) {
    for (const key of r.keys) {
      const list = index.get(key);
      if (list === undefined) index.set(key, [r.index]);
      else if (!list.includes(r.index)) list.push(r.index);
    }
  }
  return index;
}
