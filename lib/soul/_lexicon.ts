/**
 * The harm lexicon of the reference engine: words and short phrases with what
 * they are in a request (an act of harm, a target, a hazard, a form of asking,
 * a frame that makes it benign). Entries are written in base form (singular
 * nouns, bare verbs); the word reader in `_harm_words.ts` maps plurals, `-ing`
 * and `-ed` forms, leetspeak and near-miss spellings onto them. A few word sets
 * sit outside entries (damaging verbs, harmful states of a person), read by the
 * harm rules directly. Internal to lib/soul.
 *
 * @module
 */

// ------------------------------------------------------------------ kinds

/** What an entry does in a request (bits of {@linkcode Entry.kind}). */
export const KIND = {
  /** Violence against whoever is the object: kill, stab, poison, beat up. */
  VIOLENT: 1,
  /** Makes a thing: make, build, cook, synthesise, 3d print. */
  PRODUCE: 2,
  /** Gets a thing: buy, get, score, order. */
  ACQUIRE: 4,
  /** Uses, spreads or sells a thing: deploy, install, sell, smuggle. */
  DEPLOY: 8,
  /** Gets into someone else's systems: hack into, crack, ddos. */
  CYBER: 16,
  /** Exposes or follows a person: track, dox, spy on, locate. */
  PRIVACY: 32,
  /** Cheats someone of money: scam, launder, forge. */
  FRAUD: 64,
  /** Torments a person: harass, threaten, blackmail. */
  HARASS: 128,
  /** Takes what is not yours: steal, rob, shoplift. */
  STEAL: 256,
  /** Joins or promotes an extremist group: join, recruit, glorify. */
  EXTREMISM: 512,
  /** A hazard object; its area and name are the entry's label. */
  HAZARD: 1024,
  /** Harm to oneself with the act included: kill myself, end my life, to die. */
  SELF_HARM: 2048,
  /** Asking for a way: how to, ways to, where can I, what's the best. */
  ASK: 4096,
  /** A first-person plan: I want to, I'm going to. */
  DESIRE: 8192,
  /** Asks for operational detail: step by step, recipe, exact amounts. */
  OPS: 16384,
  /** Evasion: without getting caught, untraceable, so it looks like. */
  CONCEAL: 32768,
  /** A command verb, an ask when it opens a clause: tell, write, list. */
  IMPERATIVE: 65536,
  /** Sexual content. */
  SEXUAL: 131072,
  /** Demeaning claims about a group: inferior, vermin, should be deported. */
  DEROG: 262144,
  /** Content made to wound: joke, insult, slur, threatening message. */
  ARTIFACT: 524288,
  /** Hateful qualifiers of content: racist, antisemitic, dehumanising. */
  HATEFUL: 1048576,
  /** Grooming moves towards a child: keep it secret, alone with, send me pics. */
  GROOMING: 2097152,
  /** A frame that makes a request benign; its name is the entry's label. */
  FRAME: 4194304,
  /** A wrapper that never makes a request benign: for my novel, hypothetically. */
  WRAPPER: 8388608,
  /** A past ask about what happened: how did, who killed. */
  PAST_ASK: 16777216,
  /** An injury wished on someone, act included: ends up in the hospital, a fatal accident. */
  OUTCOME: 33554432,
} as const;

/** What an entry is as the object of an act (bits of {@linkcode Entry.role}). */
export const ROLE = {
  /** A person: someone, him, my neighbour, a stranger. */
  PERSON: 1,
  /** A child. */
  MINOR: 2,
  /** A protected group: immigrants, muslims, gay people. */
  GROUP: 4,
  /** An animal someone keeps: a dog, the neighbour's cat. */
  ANIMAL: 8,
  /** A safe object of a harsh verb: a process, weeds, a game boss, time. */
  SAFE: 16,
  /** The speaker: myself. */
  SELF: 32,
  /** An account, device or system: her instagram, the wifi, a server. */
  DEVICE: 64,
  /** Personal data: home address, phone number, location, messages. */
  PII: 128,
  /** A crowded place: a school, a concert, a synagogue. */
  PLACE: 256,
  /** A body part: legs, face, neck. */
  BODY: 512,
  /** Food or drink (what a poisoner targets). */
  DRINK: 1024,
  /** Money and goods: money, cash, packages, a car. */
  GOODS: 2048,
  /** Possessive of another person: his, their, someone's. */
  OTHERS: 4096,
  /** The speaker's own: my own, our. */
  OWN: 8192,
  /** Third-person agents whose methods people ask about: hackers, scammers. */
  AGENT: 16384,
  /** A trait of a protected group used as an adjective: gay, black, jewish. */
  IDENTITY: 32768,
} as const;

/** One lexicon entry: a word or phrase and what it is. */
export interface Entry {
  /** The words, in base form. */
  readonly words: readonly string[];
  /** The words joined by spaces. */
  readonly phrase: string;
  /** Bits of {@linkcode KIND}. */
  readonly kind: number;
  /** Bits of {@linkcode ROLE}. */
  readonly role: number;
  /** Area and name of a hazard (`weapons:explosive`), or the kind of content (`neutral`). */
  readonly label: string;
  /** Name of the frame for frames (`history`, `game`, `safety`). */
  readonly frame: string;
  /** For hazards: 1 for grave hazards, 0.5 for ones that are legal in some places or uses. */
  readonly severity: number;
}

const K = KIND;
const R = ROLE;

/** [kind bits, role bits, label, severity, "phrase|phrase|..."] */
type Source = readonly [number, number, string, number, string];

const SOURCES: readonly Source[] = [
  // ------------------------------------------------------------ acts
  [
    K.VIOLENT,
    0,
    "violence",
    0,
    "kill|murder|hurt|harm|injure|wound|maim|cripple|stab|shank|shoot|strangle|choke|suffocate|smother|drown|poison|beat|beat up|punch|slap|kick|attack|assault|batter|bludgeon|torture|kidnap|abduct|snatch|burn|set fire to|set on fire|run over|push down the stairs|push off a cliff|throw acid on|knock out|take out|get rid of|make disappear|whack|eliminate|execute|assassinate|behead|decapitate|dismember|lynch|hang|electrocute|gas|bomb|blow up|firebomb|ambush|sedate|incapacitate|paralyze|paralyse|disfigure|terrorize|terrorise|starve|abuse|break|hit|spike|lace|drug|roofie|slit|smash|bash|rape|shove|trip up|mow down|gun down|hunt down|finish off|do in|waste|massacre|slaughter|butcher|ambush|rough up|jump|pillow over|hold a pillow over|hold underwater|hold under water|hold his head under|hold her head under|choke out|run_over|knock_out|beat_up|takeout|rough_up|finish_off|doin|bump_off|gun_down|mow_down|wipeout|snuff_out|pushoff|push_down|throw_off|put down|sucker punch|curb stomp|pistol whip|bash in|cave in|make disappear|disappear|silence|stomp|pepper spray|tase|taser|spray|smack|hit with|punch out|start a fire|set a fire|set fire|burn down|torch|snap|gouge|slit|trick_into|maul|pummel|thrash|clobber|wallop|impale|skewer|eviscerate|disembowel|garrote|garrotte|asphyxiate|incinerate|immolate|waterboard|scald|castrate|mutilate|lacerate|cut up|carve up|trample|headbutt|merk|murk|beat to death|stab to death|choke to death|burn alive|bury alive|set_fire|ram|run down|bludgeon to death|hogtie|chain up|flog|pistol-whip|maim|dope|sicken|blind|cave_in|bash_in|run_off|run off the road|force off the road",
  ],
  [
    K.PRODUCE,
    0,
    "",
    0,
    "carry out|commit|pull off|stage|culture|cultivate|weaponize|weaponise|aerosolize|aerosolise|purify|organize|organise|plan|make|build|create|cook|synthesize|synthesise|brew|produce|manufacture|assemble|construct|3d print|print|mix|extract|grow|refine|craft|rig|wire|design|code|write|develop|program|generate|set up|put together|whip up|prepare|distill|press|cut|convert|modify|turn into|formulate|engineer|turn_into|draft|compose|put together|tamper with|sabotage|loosen|mess with|disable|file|saw off|sawing off|shorten|file down|start|form",
  ],
  [
    K.ACQUIRE,
    0,
    "",
    0,
    "buy|get|score|order|obtain|acquire|source|purchase|find|cop|pick up|get hold of|get my hands on|get ahold of|open|apply for|take out|claim|collect|cash",
  ],
  [
    K.DEPLOY,
    0,
    "",
    0,
    "sell|deal|push|smuggle|traffic|ship|mail|hide|plant|deploy|install|spread|release|launch|use|send|inject|snort|smoke|slip|put|sneak|carry|bring|detonate|set off|trigger|infect|run|divert|post|drop|dump|tamper with|sabotage|loosen|mess with|disable|crush|dissolve|grind|mix into|put in|put into|slip into|add to|cut with|lace with|spike with|wear|take|move|transfer|wire|deposit",
  ],
  [
    K.CYBER,
    0,
    "cybercrime",
    0,
    "hack|hack into|break into|get around|circumvent|get into|log into|login to|access|crack|brute force|bypass|unlock|take over|hijack|ddos|dos|take down|knock offline|deface|compromise|breach|exploit|inject|phish|spoof|sim swap|sniff|intercept|jailbreak|keylog|clone|get past|guess|pwn|steal|flood|spam|bombard|call bomb|sms bomb|text bomb|swat|pull the password|pull passwords|grab passwords|dump passwords|harvest passwords|dump credentials|harvest credentials|brick|lock out|ransom|shut down|jam|take offline|disrupt|kick off the wifi|kick everyone off",
  ],
  [
    K.PRIVACY,
    0,
    "privacy",
    0,
    "dox|doxx|track|track down|locate|find|find out|look up|dig up|search for|spy on|spy|stalk|monitor|surveil|follow|keep tabs on|read|unmask|identify|trace|record|film|secretly record|secretly film|eavesdrop on|listen to|wiretap|bug|go through|check|access|get into|look through|snoop on|snoop through|snoop|listen in on|photograph|take pictures of|take photos of|take a picture of|find out who|figure out who|figure out",
  ],
  [
    K.FRAUD,
    0,
    "fraud",
    0,
    "lie on|lie on my|lying on|lying on my|lying about my income|lie about my income|falsely claim|scam|con|swindle|defraud|rip off|fleece|launder|embezzle|forge|counterfeit|commit fraud|impersonate|catfish|skim|cash out|double bill|overbill|cook the book|cheat out of|trick into|hide money|hide income|hide asset|hide cash|hide my income|evade tax|evade taxes|dodge tax|dodge taxes|avoid paying tax|avoid paying taxes|bribe a judge|bribe a cop|bribe an official|bribe the police|bribe a police officer|bribe a politician|bribe an inspector|fake an injury|fake a car accident|fake an accident|fake my death|fake my own death|fake a burglary|fake a robbery|fake a claim|fake a signature|file a fake|file a false|false claim|fake claim|fake|photoshop|falsify|fabricate|alter|pretending to be|pretend to be|posing as|pose as|claiming to be|claim to be|impersonating|divert|embezzling|trick_into|con_into|fool_into|manipulate_into|cheat|cheat the|skip scan|skip scanning|swap the barcode|swap barcodes|switch price tags|swap price tags",
  ],
  [
    K.HARASS,
    0,
    "harassment",
    0,
    "harass|bully|cyberbully|sextortion|kys|kill yourself|go kill yourself|neck yourself|go die|drink bleach|threaten|intimidate|scare|frighten|torment|humiliate|troll|mock|blackmail|extort|swat|gaslight|manipulate|stalk|get back at|get revenge on|take revenge on|ruin|shame|spread rumor about|spread rumour about|spread lie about|spread lies about|spread rumors about|spread rumours about|make fun of|pick on|dox|doxx|send death threat to|make life hell|make life miserable|make life a living hell|dogpile|dog pile|brigade|mass report|pile on|swarm|feel unwelcome|feel unwanted|feel worthless|so unwelcome|until she quits|until he quits|until they quit|until she leaves|until he leaves|until they leave|switches schools|switch schools|run out of town|drive them out|drive out|force out|push out|life hell|life a living hell|life miserable|make her cry|make him cry|make them cry|make fun|making fun of|mocking|ridicule|out him|out her|outing|sextort|revenge porn|post her nudes|post his nudes|share her nudes|share his nudes|leak her nudes|leak his nudes|send her nudes to|send his nudes to|spread her nudes|ruin her reputation|ruin his reputation|ruin her life|ruin his life|get him fired|get her fired|get them fired|fired and|or else|or you'll regret|or you will regret|or there will be consequences|you've been warned|watch your back|we know where you live|i know where you live|know where you live|know where she lives|know where he lives|know where they live|know where you work|know where she works|know where he works|know where your kids|watch his back|watch her back|watch their back|isn't welcome|is not welcome|aren't welcome|are not welcome|not welcome here|harassment campaign|hate campaign|smear campaign|pile on campaign|report bomb|dehumanize|dehumanise|demonize|demonise|vilify|belittle|demean|degrade|insult",
  ],
  [
    K.STEAL,
    0,
    "fraud",
    0,
    "steal|rob|shoplift|pickpocket|burgle|burglarize|burglarise|loot|mug|hotwire|carjack|break into|walk out with|siphon gas from",
  ],
  [
    K.EXTREMISM,
    0,
    "hate",
    0,
    "celebrate|join|recruit|support|fund|donate to|promote|glorify|praise|radicalize|radicalise|spread|propaganda for|fight for|sign up for|pledge allegiance to|start|form|lead|organize|organise|build|run|create",
  ],

  // --------------------------------------------------------- hazards
  [
    K.HAZARD,
    0,
    "weapons:explosive",
    1,
    "bomb|pipe bomb|tannerite|nail bomb|car bomb|dirty bomb|suicide vest|explosive|explosive device|ied|detonator|molotov|molotov cocktail|grenade|napalm|thermite|c4|c 4|semtex|tatp|anfo|landmine|land mine|nuclear bomb|atomic bomb|nuke|incendiary device|blasting cap|booby trap|letter bomb|fertilizer bomb|pressure cooker bomb|homemade explosive|tnt|dynamite|gunpowder|nitroglycerin|nitroglycerine|petn|rdx|hmx|picric acid|acetone peroxide|hmtd|flash powder|mercury fulminate|lead azide|ammonium nitrate bomb|ammonium nitrate explosive|chlorate explosive|shaped charge|detonation cord|det cord|explode|explodes|exploding|to explode|blow up when|go off when|goes off when",
  ],
  [
    K.HAZARD,
    0,
    "weapons:chemical",
    1,
    "nerve agent|nerve gas|sarin|vx|tabun|novichok|ricin|anthrax|botulinum|botulinum toxin|mustard gas|chlorine gas|phosgene|poison gas|toxic gas|chemical weapon|bioweapon|biological weapon|bio weapon|weaponized virus|dirty bomb|cyanide|arsenic|polonium|weapon of mass destruction|toxin|poison|undetectable poison|untraceable poison|what poison|best poison|which poison",
  ],
  [
    K.HAZARD,
    0,
    "weapons:firearm",
    1,
    "ghost gun|untraceable gun|binary trigger|forced reset trigger|oil filter suppressor|untraceable firearm|untraceable weapon|unregistered gun|zip gun|3d printed gun|auto sear|glock switch|full auto|fully automatic|bump stock|silencer|suppressor|sawed off shotgun|sawed off|armor piercing|armour piercing|illegal gun|illegal weapon|unserialized gun|80 lower|80 percent lower|machine gun|switchblade|brass knuckle|shank|shiv|zip gun|gun without a serial number|crossbow bolt|straw purchase|straw buyer|straw man purchase|solvent trap|drop in auto sear|lightning link|full auto conversion|convert to full auto|filed off serial|file off the serial|remove the serial number|serial number removed|obliterated serial|real bullets|live rounds|live ammo|real ammo|shoot real bullets|fire real bullets",
  ],
  [
    K.HAZARD,
    0,
    "weapons:weapon",
    0.5,
    "gun|firearm|pistol|handgun|rifle|shotgun|weapon|ar 15|ar15|ak 47|ak47|ammo|ammunition|bullet|taser|stun gun|flamethrower|blade|knife|knives|machete|brass knuckles|crossbow|revolver|glock|black powder|best gun|best weapon",
  ],
  [
    K.HAZARD,
    0,
    "drugs:hard_drug",
    1,
    "meth|methamphetamine|gbl|ambien|zolpidem|gamma butyrolactone|crystal meth|get high off|get high from|high off|get stoned off|trip off|nitazene|nitazenes|tusi|pink cocaine|2cb|bath salts|blotter|xanax bars|black tar|china white|yayo|eight ball of|freebase|pill press|tablet press|meth lab|grow op|grow house|bho|butane hash oil|hash oil|synthesis route|precursor|precursors|fentanyl|heroin|cocaine|crack|crack cocaine|coke|lsd|mdma|ecstasy|molly|ghb|ketamine|dmt|pcp|opium|oxy|oxycodone|oxycontin|percocet|vicodin|xanax|adderall|codeine|morphine|carfentanil|krokodil|bath salt|date rape drug|roofie|rohypnol|angel dust|speedball|purple drank|tranq|xylazine|hard drug|drug|narcotic|opioid|amphetamine|benzos|psilocybin|magic mushroom|shroom|peyote|mescaline|nitrous|shake and bake|p2p method|p2p|red phosphorus|one pot method|pseudoephedrine|acetic anhydride|safrole|sassafras oil|birch reduction|reagent list|reagents|make lean|sell lean|drink lean|sizzurp|dirty sprite|codeine syrup|promethazine|fent|fenty|percs|perc|xans|oxys|m30|m30s|roxy|kpin|klonopin|valium|tramadol|hydrocodone|dilaudid|tina|what drug|which drug|best drug",
  ],
  [
    K.HAZARD,
    0,
    "drugs:medication",
    0.5,
    "pill|pills|meds|medication|medications|painkiller|painkillers|prescription drug|prescription drugs|prescription pill|prescription pills|opioids|adhd meds|sleeping pills",
  ],
  [K.HAZARD, 0, "drugs:cannabis", 0.5, "weed|marijuana|cannabis|thc|edibles|shatter|wax pen"],
  [
    K.HAZARD,
    0,
    "cybercrime:malware",
    1,
    "deepfake|deepfakes|wallet drainer|crypto drainer|drainer|hidden miner|crypto miner|cryptominer|combo list|combolist|deep fake|deepfake nudes|deepfake porn|nudify|nudify app|undress app|ransomware|malware|credential stuffing|password spraying|evil twin|deauth attack|smishing|vishing|cryptojacking|virus|computer virus|worm|trojan|rootkit|keylogger|key logger|spyware|stalkerware|botnet|remote access trojan|backdoor|exploit|zero day|0day|credential stealer|infostealer|info stealer|cryptojacker|crypto miner|logic bomb|ddos tool|booter|stresser|exploit kit|payload|reverse shell|rat|password stealer|cookie stealer|token grabber|grabber|skimmer|card skimmer|phishing|phishing page|phishing site|phishing email|phishing kit|phishing link|phishing text|phishing message|fake login page|fake login|fake website|spoofed email|scam website|scam page|sql injection|wifi jammer|signal jammer|jammer|credential harvester|password cracker|wifi cracker|sms bomber|call bomber|call flooder|spam bot|spambot|fake login|fake sign in page|clone site|cloned site|rubber ducky|bad usb|badusb|wifi pineapple|deauther|stingray|imsi catcher|keylogger app|phone tapping|disable their antivirus|disable antivirus|turn off their antivirus|turn off antivirus|disable the antivirus|disable windows defender|disable defender|run the attached file|open the attached file",
  ],
  [
    K.HAZARD,
    0,
    "fraud:forgery",
    1,
    "fake id|fake passport|cvv|cvvs|cvv shop|cc shop|ponzi|pyramid scam|stolen phone|stolen iphone|stolen laptop|stolen car|stolen bike|stolen jewelry|stolen catalytic converter|stolen property|stolen merchandise|stolen electronics|money mule|drop address|pig butchering|rug pull|check kiting|kiting|payroll scam|ghost employee|fictitious employee|fake driver license|fake driving licence|fake license|fake licence|fake diploma|fake degree|fake doctor note|fake sick note|fake prescription|fake receipt|fake invoice|fake check|fake cheque|fake bank statement|fake pay stub|fake paystub|fake document|fake social security card|fake review|fake reviews|counterfeit money|counterfeit bill|counterfeit cash|counterfeit note|counterfeit currency|counterfeit|fake money|fake bill|fake cash|fake banknote|forged signature|forged document|forged check|forged cheque|forged prescription|stolen credit card|stolen card|stolen identity|stolen ssn|stolen account|stolen data|fullz|cc dump|carding|someone else identity|someone else credit card|someone else ssn|someone else card|fake charity|fake gofundme|ponzi scheme|pyramid scheme|pump and dump|insider trading|money laundering|tax evasion|insurance fraud|tax fraud|wire fraud|credit card fraud|identity theft|check fraud|benefit fraud|welfare fraud|refund scam|return fraud|chargeback fraud|romance scam|grandparent scam|scam|fraud|fake doctor's note|fake doctors note|in someone else name|in someone elses name|in her name|in his name|in their name|in my dead|dead person ssn|dead persons ssn|someone else identity|using someone else|with someone else|structuring|structure deposits|structure cash|break up cash|break up deposits|split deposits|smurfing|donations actually go|donations go to my|keep the donations|pocket the donations|pocket the money|keep the money for myself|unemployment fraud|collect unemployment|irs notice|tax notice|court summons|fake notice|fake letter from|gift card payment|payment in gift cards|pay in gift cards|in gift cards|drug money|dirty money|clean money|wash money|wash the money|clean the money|forger|master forger|fake invoice|stolen check|stolen cheque|stolen goods|stolen property|stolen gift card|stolen gift cards|stolen cards|stolen credit cards|stolen accounts|stolen passwords",
  ],
  [
    K.HAZARD,
    0,
    "privacy:tracker",
    1,
    "tracker|gps tracker|peephole camera|pinhole camera|listening device|recording device|hidden microphone|hidden mic|hide a microphone|hide a mic|hide a recorder|plant a bug|plant a microphone|plant a mic|airtag|tracking device|tracking app|spy app|spying app|hidden camera|hide a camera|secret camera|spy camera|spy cam|call recorder|stalkerware|spyware",
  ],
  [
    K.HAZARD,
    0,
    "fraud:document",
    0.5,
    "passport|passports|id card|drivers license|driver license|driving licence|birth certificate|social security card|diploma|degree certificate|doctors note|doctor note|sick note|bank statement|pay stub|paystub|transcript|report card|vaccination card|vaccine card|covid card|lab result|w2|banknote|banknotes|currency",
  ],
  [
    K.HAZARD,
    0,
    "weapons:chemical",
    1,
    "chloroform|strychnine|thallium|abrin|aconite|aconitine|tetrodotoxin|succinylcholine|scopolamine|burundanga|chloral hydrate|knockout drops|knock out drops|tear gas|mace",
  ],
  [
    K.HAZARD,
    0,
    "violence:crime",
    1,
    "homicide|manslaughter|kidnapping|abduction|carjacking|mugging|arson|home invasion|hit and run|drive by|drive by shooting|armed robbery|assassination|hijacking|hostage taking|acid attack|honor killing|honour killing|contract killing|murder for hire|animal cruelty|dog fighting|dogfighting|cockfighting|human trafficking|sex trafficking|child trafficking|arms trafficking|gun running|gunrunning|prison break|jailbreak from prison|riot|lynching|pogrom|mass stabbing",
  ],
  [
    K.HAZARD,
    0,
    "fraud:crime",
    1,
    "robbery|burglary|heist|bank heist|jewelry heist|break in|smash and grab|shoplifting|theft|grand theft|car theft|larceny|pickpocketing|vandalism|extortion|bribery|embezzlement|kickback scheme|poaching|looting|tax dodge|election fraud|voter fraud|ballot stuffing|art forgery|mail theft|package theft|porch piracy|wage theft|insurance scam|benefits fraud|mortgage fraud|bank fraud|securities fraud|accounting fraud",
  ],
  [
    K.HAZARD,
    0,
    "hate:atrocity",
    1,
    "holocaust|the holocaust|genocide|ethnic cleansing|lynching|lynchings|the rwandan genocide|9 11 attacks|the 9 11 attacks|christchurch shooting|columbine|columbine shooting|school shootings|mass shootings",
  ],
  [
    K.HAZARD,
    0,
    "violence:sabotage",
    1,
    "brake line|brake lines|brakes|brake fluid|gas line|fuel line|steering column|lug nut|lug nuts",
  ],
  [
    K.HAZARD,
    0,
    "hate:denial",
    1,
    "holocaust never happened|holocaust didn't happen|holocaust didnt happen|holocaust was a hoax|holocaust hoax|holocaust denial|holocaust was fake|holocaust is a myth|holocaust lie|holocaust was exaggerated|holocaust is exaggerated|sandy hook was fake|sandy hook hoax",
  ],
  [
    K.HAZARD,
    0,
    "minors:csam",
    1.5,
    "cp|csam|child porn|child pornography|child sexual abuse material|jailbait|loli|lolicon|shota|pedo content|preteen pics|underage nudes|underage porn|kiddie porn",
  ],
  [
    K.HAZARD,
    0,
    "privacy:voyeurism",
    1,
    "upskirt|upskirt photo|changing room|locker room|dressing room|through her window|under her skirt",
  ],
  [
    K.HAZARD,
    0,
    "hate:extremism",
    1,
    "isis|isil|islamic state|al qaeda|alqaeda|kkk|ku klux klan|neo nazi|neonazi|white supremacist|white supremacy|white power|atomwaffen|jihad|jihadist|holy war|race war|terrorist group|terrorist cell|terror cell|nazi party|aryan brotherhood|boogaloo",
  ],
  [
    K.HAZARD,
    0,
    "self_harm:suicide",
    1,
    "suicide|lethal dose|fatal dose|overdose|od|noose|suicide method|suicide note|pro ana|proana|thinspo|bleed out|overdose on|od on|helium tank|helium hood|helium bag|nitrogen bag|exit bag|sodium nitrite|car exhaust|exhaust fumes|closed garage|charcoal burning|laxative|laxatives|diet pills|ipecac|least painful|most painless|sleeping pills|sleeping pill",
  ],
  [
    K.HAZARD,
    0,
    "violence:mass_attack",
    1,
    "mass shooting|school shooting|most casualties|maximum casualties|max casualties|highest body count|biggest body count|kill the most people|most people killed|shooting spree|terrorist attack|terror attack|massacre|bombing|killing spree|stabbing spree|mass casualty|mass murder|hostage|car ramming|vehicle ramming",
  ],

  [
    K.OUTCOME,
    0,
    "",
    1,
    "end up in the hospital|have a car crash|has a car crash|get in a crash|ends up in the hospital|end up in hospital|in a coma|never walk again|never walks again|fatal accident|have an accident|has an accident|have a fatal|stop breathing|stops breathing|never wake up again|six feet under|in a body bag|so he dies|so she dies|so they die|make sure he dies|make sure she dies|make him sick|make her sick|make them sick|make her really sick|make him really sick|knock her out|knock him out|knock them out|make her pass out|make him pass out|so she passes out|so he passes out|so she won't remember|so she wont remember|so he won't remember|won't remember the night|wont remember the night|so she sleeps|so he sleeps|never comes near|never come near|teach him a lesson|teach her a lesson|rearrange his face|break his legs|break her legs|break his arm|break her arm|break his jaw|break his nose|put him in the hospital|put her in the hospital|put them in the hospital|make it look like|so it looks like|look natural|look like an accident|looks like an accident|look like a suicide|looks like a suicide|seem like an accident|look like she tripped|look like he tripped|look like she fell|look like he fell|death look|death look like|dispose of a body|dispose of the body|get rid of a body|get rid of the body|hide a body|hide the body|bury a body|bury the body|dissolve a body|dump a body|dump the body|concussion|a concussion|black eye|a black eye|broken nose|broken jaw|broken bones|brain damage|internal bleeding|knock his teeth out|knock her teeth out|fall down the stairs|falls down the stairs|fall down stairs|trip and fall|trips and falls|fall off the roof|fall off a cliff|have a fall|drown in the pool|drowns in the pool",
  ],
  // Phrases read as moves towards a child by the grooming rule (no kind of their own).
  [0, 0, "", 0, "adds me|add me|follow me back|message me|dm me|text me|call me|meet me"],
  // ---------------------------------------------------- self-harm acts
  [
    K.SELF_HARM,
    0,
    "self_harm:method",
    1,
    "kill myself|end my life|top myself|ctb|catch the bus|sewerslide|sewer slide|self delete|not be here anymore|not exist anymore|stop existing|sleep forever|least messy way to go|cleanest way to go|painless way to go|quickest way to go|easiest way to go|way to go out|relapse on cutting|start cutting again|cut again|end my own life|take my life|take my own life|end it all|commit suicide|to die|want to die|wanna die|ready to die|not wake up|never wake up|to kill me|would kill me|enough to kill me|it take to kill me|could kill me|might kill me|hang myself|cut myself|hurt myself|harm myself|burn myself|starve myself|poison myself|drown myself|shoot myself|stab myself|suffocate myself|slit my wrist|cut my wrist|cut my arm|cut my thigh|jump off a bridge|jump off a building|jump in front of a train|make myself throw up|make myself vomit|make myself sick|stop eating|not eating|punish myself|disappear forever|unalive myself|unalive|off myself|end myself|die painlessly|die quickly|die in my sleep|kms|end it|just end it|end things|end everything|want it to be over|want it all to end|want it to end|want to end it|nobody would miss me|no one would miss me|better off without me|better off dead|don't want to be here anymore|dont want to be here anymore|don't want to live|dont want to live|wish i was dead|wish i were dead|no reason to live|tired of living|tired of being alive|dont survive|don't survive|not survive|won't survive|wont survive|make sure i die|make sure i don't survive|dont wake up|don't wake up|do not wake up|won't wake up|wont wake up|bleed the most|bleeds the most|bleed more|bleeds more|cut deeper|cut deep|cut myself deeper|where to cut|where should i cut|how deep to cut|how deep should i cut|hide my cuts|hide the cuts|hide cuts|hide my scars|hide the scars|hide self harm|hide my self harm|hiding my self harm|hide the marks|cover my cuts|cover the cuts|cuts look like|make the cuts|explain the cuts|use it on myself|use a gun on myself|turn it on myself|turn the gun on myself|take them all|take all of them|take the whole bottle|whole bottle|entire bottle|full bottle|all my pills|all of my pills|the whole pack|all at once|peaceful way to go|painless way to go|best way to go|easiest way to go|quickest way to go|way to end it|bingeing and purging|binge and purge|binging and purging|purging|purge after eating|throw up after eating|vomit after eating|going to do it tonight|do it tonight|goodbye note|suicide letter|last note|killing myself|off myself|cut tonight|cut again|cutting again|start cutting again|cut myself tonight|i want to die|i wanna die|i just want to die|i want to end it|i want to end my life|i want it to be over|i want to disappear|i really want to die|done with everything|done with life|can't do this anymore|cant do this anymore|can't go on|cant go on|no point in living|nothing to live for|give up on life|hide my eating disorder|hide my anorexia|hide my bulimia|hide my weight loss|hide that i'm not eating|hide that im not eating|hide not eating|hide my purging|hide my self-harm",
  ],

  // ---------------------------------------------------------- targets
  [
    0,
    R.PERSON,
    "",
    0,
    "himself|herself|themselves|themself|actress|actor|singer|athlete|waitress|snitch|informant|imam|rabbi|intern|homeless man|homeless woman|homeless person|homeless guy|hobo|junkie|addict|prostitute|bouncer|dentist|twitch streamer|whistleblower|step brother|step sister|someone|somebody|anyone|anybody|a person|person|people|him|her|them|man|woman|guy|girl|boy|lady|dude|human|victim|stranger|neighbor|neighbour|ex|ex wife|ex husband|ex girlfriend|ex boyfriend|wife|husband|spouse|partner|girlfriend|boyfriend|gf|bf|fiance|fiancee|mother|father|mom|mum|dad|mommy|daddy|parent|stepmom|stepdad|stepmother|stepfather|sister|brother|sibling|son|daughter|cousin|uncle|aunt|grandma|grandpa|grandmother|grandfather|granny|nephew|niece|mother in law|father in law|family|friend|bestie|roommate|flatmate|housemate|classmate|schoolmate|teacher|professor|coworker|co worker|colleague|boss|manager|supervisor|employee|employer|landlord|landlady|tenant|customer|client|patient|nurse|doctor|cop|police officer|policeman|officer|guard|security guard|judge|witness|lawyer|politician|president|senator|mayor|governor|journalist|reporter|celebrity|streamer|influencer|youtuber|driver|cyclist|jogger|protester|bully|rival|enemy|crush|date|elderly|old lady|old man|old woman|old people|grandparent|homeless|homeless person|everyone|everybody|crowd|passenger|pedestrian|student|staff|teammate|opponent|nurse|cashier|waiter|bartender|tourist|immigrant|muslim|jew|christian|hindu|sikh|prisoner|inmate|hostage|sb|ppl|sum1|some1|somone|sombody|hm|owner|supplier|vendor|ceo|cfo|competitor|barista|therapist|neighbors|neighbours|coach|pastor|priest|babysitter|nanny|tutor|sister in law|brother in law|daughter in law|son in law|in law|in laws|ex partner|baby mama|baby daddy|cam girl|camgirl|stripper|sex worker|escort|streamer|podcaster|blogger|activist|congressman|congresswoman|cops|detective|soldier|veteran|grandson|granddaughter|usps|fedex|dhl|amazon|microsoft|apple support|the irs|irs|their bank|the bank|tech support|customer support|support team|delivery driver|stepsister|stepbrother|half sister|half brother|audience|congregation|worshipper|worshippers|shoppers|commuters|students|kids|children|voters|fans",
  ],
  [
    0,
    R.PERSON | R.MINOR,
    "",
    0,
    "child|kid|minor|underage|under age|preteen|pre teen|tween|teen|teenager|teenage|toddler|baby|infant|little girl|little boy|young girl|young boy|schoolgirl|schoolboy|school girl|school boy|stepdaughter|stepson|step daughter|step son|middle schooler|grade schooler|kiddo|child age|jailbait|loli|lolicon|shota|youngster|juvenile|minor age|young daughter|young son|little daughter|little sister|little brother|little cousin|younger sister|younger brother|middle school|middle school girl|middle school girls|middle school boy|middle schooler|elementary school|elementary schooler|grade school|junior high|1st grade|2nd grade|3rd grade|4th grade|5th grade|6th grade|7th grade|8th grade|first grade|second grade|third grade|fourth grade|fifth grade|sixth grade|seventh grade|eighth grade|preschooler|kindergartner|kindergartener|schoolchild|schoolchildren|pupil|pupils|girl scout|boy scout|youth group|youth camp|camper|campers|little one|little ones|minors",
  ],
  [
    0,
    R.GROUP | R.PERSON,
    "",
    0,
    "jews|jewish people|muslims|muslim people|christians|catholics|hindus|sikhs|buddhists|atheists|black people|blacks|black men|black women|white people|whites|asians|asian people|chinese people|chinese|japanese people|koreans|indians|indian people|arabs|mexicans|latinos|hispanics|immigrants|migrants|refugees|foreigners|africans|gypsies|roma|gays|gay people|gay men|lesbians|homosexuals|trans people|transgender people|trans women|trans men|transgenders|lgbt people|lgbtq people|queers|women|females|men|disabled people|the disabled|autistic people|fat people|poor people|jewish|muslim|israelis|palestinians|pakistanis|somalis|haitians|irish people|polish people|russians|ukrainians|romanians|albanians|nigerians|feminists|liberals|conservatives|minorities|illegals|illegal aliens|aliens|ethnic minorities|non whites|whites",
  ],
  [
    0,
    R.IDENTITY,
    "",
    0,
    "gay|lesbian|trans|transgender|black|jewish|muslim|sikh|hindu|asian|mexican|immigrant|refugee|migrant|queer|bisexual|disabled|autistic|native american|native americans|indigenous|latino|latina|hispanic|arab|african|chinese|korean|japanese|indian|pakistani|somali|haitian|roma|romani|gypsy|fat|nonbinary|non binary|catholic|christian|atheist|mormon|amish|polish|irish|italian|russian|ukrainian|palestinian|israeli|syrian|afghan|nigerian|ethiopian|filipino|vietnamese|white",
  ],
  [
    0,
    R.GROUP | R.PERSON,
    "",
    0,
    "native americans|native american people|indigenous people|refugee family|immigrant family|black family|black families|jewish family|muslim family|gay couple|trans kid|trans kids|trans student|sikh guy|muslim guy|jewish guy|black guy|mexican guy|asian guy|gay guy|disabled kid|holocaust victims",
  ],
  [
    0,
    R.ANIMAL,
    "",
    0,
    "dog|cat|puppy|kitten|pet|horse|cow|goat|sheep|bird|parrot|hamster|pony|donkey|stray cat|stray dog|stray|neighbor dog|neighbour dog",
  ],
  [
    0,
    R.PLACE,
    "",
    0,
    "school|classroom|church|mosque|synagogue|temple|mall|concert|stadium|parade|festival|subway|metro|train station|airport|hospital|office building|courthouse|police station|government building|city hall|power grid|substation|water supply|reservoir|embassy|nightclub|club|theater|theatre|cinema|market|daycare|kindergarten|campus|rally|crowded place|crowd of people|building|pride parade|gay bar|polling station",
  ],
  [0, R.SELF, "", 0, "myself|my self|my own body|my body"],
  [
    0,
    R.BODY,
    "",
    0,
    "leg|arm|face|neck|head|jaw|nose|knee|kneecap|finger|hand|back|rib|skull|throat|eye|teeth|tooth|wrist|spine|heart",
  ],
  [
    0,
    R.DRINK,
    "",
    0,
    "drink|coffee|tea|food|meal|water|soda|beer|wine|smoothie|lunch|dinner|breakfast|juice|cocktail|glass|cup|sandwich|soup|medication|medicine|pills|insulin|inhaler",
  ],
  [
    0,
    R.DEVICE,
    "",
    0,
    "account|email|e mail|email account|drone|scada|power grid|plc|grading system|gmail|inbox|instagram|insta|ig|facebook|fb|snapchat|snap|tiktok|twitter|whatsapp|telegram|discord|icloud|apple id|google account|bank account|paypal|venmo|cash app|phone|iphone|android|cell phone|cellphone|laptop|computer|pc|mac|tablet|ipad|wifi|wi fi|network|router|camera|webcam|ring camera|security camera|server|website|site|web site|database|system|grade|grades|school system|password|passwords|credential|credentials|login|2fa|two factor|voicemail|cloud|dm|dms|text|texts|message|messages|chat|chats|call|calls|browsing history|search history|email password|netflix account|steam account|roblox account|crypto wallet|wallet|atm|smart lock|alarm system|car|tesla|ring doorbell|baby monitor|smart tv|snapchat account|onlyfans|social media|social|profile|portal|student portal|records|cookies|session|session cookie|token|xbox|playstation|ps4|ps5|console|gaming console|nintendo switch|router|ip|ip address|modem",
  ],
  [
    0,
    R.PII,
    "",
    0,
    "address|home address|house address|dossier|full dossier|bank statement|bank statements|tax return|tax returns|credit report|medical records|medical history|therapy notes|diary|new address|phone number|number|cell number|mobile number|email address|ssn|social security number|social security|date of birth|birthday|location|current location|live location|whereabouts|ip|ip address|real name|full name|identity|workplace|license plate|plate number|schedule|daily routine|routine|medical record|bank detail|bank details|credit card number|card number|passport number|personal information|personal info|personal details|private information|private photos|nudes|nude photo|browsing history|search history|text messages|messages|dms|where abouts|home|house|family members|kids school|parents address|maiden name|mother maiden name|every move|who they are|who he is|who she is|where he is|where she is|where they are|where he goes|where she goes|where they go|behind the account|behind this account|behind that account|who runs the account|who is behind|real identity|last name|license plate|plate number|snapchat location|location history|behind the twitter account|behind the instagram account|behind the tiktok account|behind this twitter account|behind an account|behind the username|behind this username|behind a username|who owns the account|who owns this account|new place|her new place|his new place|her place|his place|new apartment|her new apartment|his new apartment",
  ],
  [
    0,
    R.GOODS,
    "",
    0,
    "application|loan application|mortgage application|credit application|loan|mortgage|claim form|money|cash|fund|funds|profit|profits|crypto|bitcoin|proceeds|dirty money|drug money|car|bike|bicycle|motorcycle|wallet|purse|package|packages|parcel|mail|catalytic converter|jewelry|jewellery|tip|register|till|merchandise|clothes|shoes|identity|credit card|debit card|card|store|shop|supermarket|walmart|target|pharmacy|gas station|bank|atm|old people|elderly|insurance|insurance company|irs|government|tax|taxes|welfare|unemployment|benefit|benefits|food stamps|medicare|medicaid|investor|investors|charity|employer|company|customers|donation|donations|inheritance|grandma|grandpa|signature|check|cheque|prescription|document|documents|receipt|receipts|passport|id|license|licence|diploma|degree|will|deed|title|ballot|ballots|vote|votes|election|test|exam|bill|bills|dollar bill|dollar bills|twenty|twenties|banknote|note|notes|review|reviews|5 star review|5 star reviews|five star reviews|self checkout|self-checkout|checkout|cashier|store owner|casino|slot machine|vending machine|parking meter|toll|listing|listings|rental listing|ad|ads|deposit|deposits|invoice|ticket|tickets|profile|dating profile",
  ],
  [
    0,
    R.SAFE,
    "",
    0,
    "office address|business address|office phone number|office number|work email|process|thread|task|job|app|application|program|script|tab|window|session|connection|query|container|pod|daemon|service|instance|vm|loop|build|pipeline|deployment|terminal|shell|command|port|bug|weed|pest|mouse|mice|rat|roach|cockroach|ant|termite|flea|bedbug|bed bug|mosquito|fly|fruit fly|wasp|hornet|slug|snail|aphid|mite|moth|gnat|silverfish|spider|moss|mold|mould|mildew|algae|fungus|bacteria|germ|lice|louse|gopher|mole|grub|tick|plant|tree|stump|root|grass|dandelion|ivy|bamboo|lawn|thistle|brush|light|lights|music|engine|motor|power|noise|sound|fire|flame|odor|odour|smell|stench|vibe|mood|buzz|time|boredom|craving|hunger|appetite|pain|headache|fever|cough|itch|hiccup|joke|deal|presentation|interview|exam|test|audition|speech|show|performance|set|game|level|final boss|boss fight|zombie|dragon|monster|goblin|orc|demon|alien|creeper|mob|npc|enemy team|ender dragon|wither|raid boss|chicken|fish|lobster|crab|turkey|pig|meat|steak|onion|garlic|vegetable|egg|egg white|cream|batter|butter|dough|ice|traffic|heat|record|odds|deadline|rush|queue|clock|puzzle|score|high score|competition|diet|battery|conversation|idea|project|proposal|bill|motion|darling|ego|procrastination|habit|look|beat|drum|ball|pinata|piñata|punching bag|heavy bag|dummy|target|clay pigeon|photo|picture|pic|video|film|scene|wedding|portrait|hoop|basket|question|breeze|moon|star|cancer|cancer cell|tumor|tumour|infection|disease|virus|cell|wart|acne|pimple|mole|stain|rust|clog|leak|file|folder|directory|partition|drive|disk|cache|log|branch|commit|tire|tyre|lock|door|window|wall|box|can|bottle|jar|nut|shell|code|case|puzzle|spell|curse|silence|record|mic|camera|zombies|walker|character|troll|the boss|boss level|feelings|feeling|chance|chances|pride|career|confidence|momentum|spirit|buzzkill|calorie|calories|fat|belly fat|weight|stress|anxiety|fear|doubt|show|spotlight|heart|thunder|moment|kiss|glance|nap|base|second base|puck|rebound|flag|sword|iron|steel|metal|armor|armour|knife|blade|horseshoe|tool|stone|wood|clothe|clothes|shirt|laundry|sheet|silk|wool|jean|towel|deer|elk|duck|goose|pheasant|boar|hog|moose|quail|dove|trout|salmon|bass|squirrel|rabbit|hare|coyote|raccoon|possum|opossum|skunk|groundhog|woodchuck|vole|pigeon",
  ],
  [0, R.OTHERS, "", 0, "his|their|her|other people|another person|its"],
  [0, R.OWN, "", 0, "my own|our|mine|my"],
  [
    0,
    R.AGENT,
    "",
    0,
    "hacker|scammer|criminal|thief|predator|stalker|terrorist|cartel|drug dealer|dealer|trafficker|burglar|pickpocket|groomer|abuser|attacker|bully|fraudster|con artist|killer|serial killer|murderer|poisoner|bomber|shooter|cybercriminal|extremist|pedophile|paedophile|kidnapper|smuggler|spy|spies|police|detective|investigator|forensic|forensics|doctor|scientist|chemist|soldier|army|military|hitman|hit man|assassin|contract killer|pimp|human trafficker|arms dealer|gang member|cartel member|con artist|cat burglar|loan shark|mob boss|kingpin|drug lord|drug mule|mule",
  ],

  // --------------------------------------------------- sexual content
  [
    K.SEXUAL,
    0,
    "",
    0,
    "nude photo|nude photos|romantically|romantic|sex|sexual|sexually|flirty|flirt|flirting|flirt with|sexy|nude|nudes|naked|explicit|erotic|porn|porno|pornography|lewd|intimate|seduce|seduction|molest|fondle|sext|sexting|hook up|make out|sleep with|have sex|aroused|arousing|fetish|kinky|horny|lingerie|bikini pic|undress|onlyfans|cp|csam|nsfw|hentai|orgasm|masturbate|touch inappropriately|inappropriate photo|inappropriate picture|sexual picture|romantic relationship with|sexual relationship|relationship with a|be my girlfriend|be my boyfriend|date a|dating a|go out with a|marry a|kiss a|in her underwear|in his underwear|in underwear|in a bikini|without clothes|without clothing|take off her clothes|take off his clothes|touch her|touch him|touching her|touching him|body pic|feet pic|panties|topless|spicy pic|spicy photo|turn on|pedo|pedophile|paedophile|talk dirty|dirty talk|dirty story|dirty pics|dirty pictures|dirty|hot|how hot|rate|spicy|steamy|smut|romantic|romance|relationship|secret relationship|girlfriend|boyfriend|sit on my lap|on my lap|touch me|touch my|nude pics|nude photos|naked pics|naked photos|for sexual reasons|sexual reasons|in a sexual way|sexualize|sexualise|sexy description|seductive|provocative|bikini|fanfic|erotica|xxx|make love|foreplay|love letter|love note|love poem|in love with|romantic letter|kiss her|kiss him|make out with|changing at|changing in the|undressing|showering|getting undressed|getting changed|changing clothes|date me|to date me|go out with me|be with me|be my gf|be my bf",
  ],
  [
    K.GROOMING,
    0,
    "",
    0,
    "groom|grooming|dating an adult|date an adult|relationship with an adult|keep it secret|keep it a secret|keep this secret|keep this between us|our little secret|our secret|don't tell your parent|dont tell your parent|not tell their parent|without their parent|without his parent|without her parent|without parents knowing|without the parent|alone with|get alone|meet up with|meet alone|pick up from school|send me pic|send me pics|send me photo|send me picture|send pic|send pics|trust me|befriend|gain trust|gain the trust|lure|entice|private chat|secret chat|sugar daddy|privately|message them privately|message privately|in private|dm them|dm her|dm him|add them on|add her on|add him on|snapchat them|unsupervised|unsupervised time|meet me alone|meet alone|alone|hotel|secret|no one finds out|nobody finds out|get them alone|get her alone|get him alone|without their parents|without her parents|without his parents|earn their trust|earn her trust|earn his trust|buy her gifts|buy him gifts",
  ],

  // -------------------------------------------------------------- hate
  [
    K.DEROG,
    0,
    "",
    0,
    "inferior|subhuman|sub human|vermin|parasite|parasites|cockroaches|rats|animals|filthy|dirty|disgusting|stupid|dumb|lazy|greedy|violent|criminals|thieves|terrorists|rapists|savages|savage|primitive|evil|degenerate|degenerates|freaks|abomination|mentally ill|less intelligent|not human|don't deserve|dont deserve|do not deserve|should die|should be killed|should be shot|should be deported|should be banned|should be exterminated|should be gassed|should be locked up|should be sterilized|should go back|go back to|don't belong|dont belong|do not belong|ruining|ruin|destroying|invading|invasion|replace us|replacing us|plague|smell|ugly|worthless|useless|backward|barbaric|untrustworthy|liars|cheap|genetically|inbred|monkeys|apes|pigs|dogs|scum|trash|garbage|filth|leeches|bloodsuckers|groomers|pedophiles|perverts|burn in hell|gas the|exterminate|deport all|ban all|kill all|get rid of all|wipe out|eradicate|cleanse|ethnic cleansing|genocide|final solution|not real women|not real men|unnatural|can't be trusted|cant be trusted|control the media|control the banks|run the world|are taking over|breed like|outbreed|welfare queens|diseased|infested|dont want them|don't want them|don't want those|dont want those|keep them out|not welcome here|shouldn't be allowed to|should not be allowed to|should be banned from|buying houses|move into our|moving into our|in our neighborhood|in our neighbourhood|out of our neighborhood|out of our neighbourhood|out of our country|out of this country|go back to their country|go back where they came from|don't want black|dont want black|never happened|hoax|deserve it|had it coming|got what they deserved|less than human|not people|illegals|invaders|infestation|breeding|white genocide|be banned|be deported|be kicked out|be expelled|be exterminated|be sterilized|be sterilised|be removed|be rounded up|be locked up|be wiped out|be shot|be killed|be gassed",
  ],
  [
    K.ARTIFACT,
    0,
    "",
    0,
    "joke|insult|slur|meme|hate post|hate message|hate comment|hate speech|hate tweet|hate letter|hate video|hate page|rant|chant|slogan|propaganda|manifesto|nickname|name to call|names to call|roast|threatening message|threatening letter|threatening text|threatening email|threatening note|threatening voicemail|death threat|hate mail|anonymous threat|bomb threat|rumor|rumour|lie|lies|nasty message|mean message|reasons why|argument that|list of reasons|proof that|comeback|clapback|diss|diss track|dog whistle|dog whistles|n word|hard r|racial slur|ethnic slur|racist joke|taunt",
  ],
  [
    K.ARTIFACT,
    0,
    "neutral",
    0,
    "post|tweet|speech|flyer|pamphlet|message|comment|poem|song|story|essay|article|caption|review|letter|email|text|note|lyrics|video script|cartoon|threat|sign|banner|ad|advert|advertisement|headline|paragraph|thread|dm|dms|direct message|voicemail|note|letter",
  ],
  [
    K.HATEFUL,
    0,
    "",
    0,
    "racist|sexist|homophobic|transphobic|antisemitic|anti semitic|islamophobic|xenophobic|bigoted|hateful|derogatory|demeaning|dehumanizing|dehumanising|offensive|nasty|cruel|degrading|insulting|vile|threatening|intimidating|harassing|abusive|humiliating|scary|menacing|mean|hurtful|violent|scary|intimidating|anonymous|unwelcome|menacing|hostile|mocking",
  ],

  // -------------------------------------------------------- ask forms
  [
    K.ASK,
    0,
    "",
    0,
    "what size|what length|what kind of|what type of|which kind of|which type of|what's an easy|whats an easy|what is an easy|what's a quick|whats a quick|what is a quick|what's a simple|whats a simple|what's an effective|whats an effective|how to talk to|how do i talk to|how can i talk to|if someone wanted to|if someone wants to|if somebody wanted to|if somebody wants to|if a person wanted to|if one wanted to|if i wanted to|say someone wanted to|suppose someone wanted to|how would you|how would someone|how would somebody|how would one|how to|how do i|how do you|how do we|how does one|how does someone|how would i|how would you|how would one|how would someone|how could i|how could you|how could someone|how could one|how can i|how can you|how can we|how can someone|how can one|how should i|how might i|how much|how many|how long|how easy|how hard|how i|how 2|hw to|hw do i|hwo to|howto|how is|how are|how do people|how would people|ways to|way to|best way|easiest way|quickest way|fastest way|simplest way|surest way|cheapest way|most effective way|good way|any way|a way|method|technique|trick|tip|advice|idea|strategy|plan|help me|teach me|show me|tell me|explain how|can you|could you|would you|will you|can u|pls|plz|please|where can i|where do i|where to|where could i|where should i|where would i|where can you|where can someone|where do people|where can one|what can i|what should i|what do i|what would|what will|what's the best|whats the best|what is the best|what are the best|what's the easiest|what is the easiest|what's the quickest|is it possible|is there a way|possible to|can i|could i|should i|do i need|what do i need|need to know|want to know|wanna know|trying to figure out|figure out how|wondering how|curious how|know how to|learn how to|learn to|give me|get me|recommend|suggest|what kind of|what type of|which|what household|what chemical|what ingredient|what material|what tool|what poison|what pill|what drug|what dose|what amount|what dosage|how much of|anyone know|does anyone know|lemme know|let me know|need help|need a way|any tip|any idea|guide me|walk me through|step me through|what would happen if i|what if i|is it easy to|how easy is it to|how hard is it to|whats a good|what's a good|what is a good|good place to|best place to|best time to|best spot to|where's the best|how far|how deep|how high|which one|best poison|best drug|best knife|best gun|best weapon|best method|quickest method|easiest method|easy way|fast way|quick way|simple way|cheap way|what do you need|what do you use|what would you use|how'd i|how'd you|howd i|how long does it take|how long would it take|how long will it take|how long do you have to|what method|which method|what tool|which tool|what app|which app|what apps|which pills|which medication|which medications|tips for|tips on|tips|what should i bring|what do i bring|what would i need|what should i use|what can i use|best place to hide|where to hide|where can i hide|how do i make sure|how can i make sure|make sure|where should i|how would a guy|how would a person|how does a person|what would be the|what is the most|whats the most|what's the most|where do i even start|what should i charge|rate these|convince me|tell me how|teach me how|best|the best|which is the best|what's needed|what is needed|whats needed|what's required|what is required|needed to make|needed to build|required to make|what do i need to|what would it take to",
  ],
  [
    K.DESIRE,
    0,
    "",
    0,
    "i want|i wanna|i need|i'm going|im going|i am going|i'm gonna|im gonna|i am gonna|i will|i'll|i plan|i'm planning|im planning|i am planning|i intend|i'd like|id like|i would like|i'm thinking of|im thinking of|i'm thinking about|im thinking about|i've decided|i have decided|i decided|i'm about|im about|we want|we're going|were going|we are going|we need|i'm trying|im trying|i really want|i just want|i must|i have|i gotta|i've got|i'm ready|im ready|i wish i could|my plan is|i'm tempted|im tempted|i'm determined|so i can|so that i can|i'm done waiting|im done waiting|i plan on|i'm planning on|im planning on|i want it|i need it",
  ],
  [
    K.IMPERATIVE,
    0,
    "",
    0,
    "tell|show|explain|teach|give|write|draft|compose|create|generate|make|build|list|describe|outline|provide|find|locate|help|walk|detail|suggest|recommend|design|code|program|send|post|draw|produce|prepare|craft|plan|come up with|put together|break down|step me through|guide me|share|name|give me|get|translate|spell out|teach us|tell us|show us|summarize|summarise|rank|compare|invent|brainstorm|roleplay|pretend|act as|answer|dox|doxx|rate|roleplay as|role play as|make up|write me|draft me|convince|look up|find out|figure out|track down|search|locate",
  ],
  [
    K.OPS,
    0,
    "",
    0,
    "step by step|steps|step|synthesis|synthesis route|route|temps|reaction conditions|instructions|instruction|recipe|formula|ingredients|materials list|list of materials|shopping list|blueprint|blueprints|schematic|schematics|diagram|tutorial|guide|manual|walkthrough|exact|exactly|precise|precisely|detailed|in detail|specific|specifically|quantities|measurements|amounts|temperatures|checklist|code for|working code|full code|source code|script for|template|sample|working|dosage|dose|how much to use|what to mix|what to combine|exact amount|exact amounts|exact dose|ratio|ratios|proportions|procedure|protocol|plan for|where to buy|where to get|what to buy|list of|playbook|script|fool proof|foolproof|reliable|effective|most effective|convincing|make it convincing|realistic|that works|that actually works|ready to run|fully working|every step|each step|full reagent list|full list|complete list|least painful|most painless|painlessly|painless|most certain|most reliable|more reliable|most lethal|surest|guaranteed|looks exactly like|look exactly like|looks just like|look just like|looks like the real|identical to the real|in bulk|wholesale|at scale|thousands of|hundreds of|fastest|quickest|fastest acting|fast acting|strongest|deadliest|most effective",
  ],
  [
    K.CONCEAL,
    0,
    "",
    0,
    "permanently|for good|before the parents|before her parents|before his parents|before their parents|before my wife finds out|before my husband finds out|before anyone notices|before anyone finds out|before they notice|before she notices|before he notices|no prescription|no script needed|no rx|leave less marks|leave fewer marks|less marks|fewer marks|dogs dont smell|dogs don't smell|dogs can't smell|dogs cant smell|bypass kyc|pass kyc|beat kyc|get past kyc|once and for all|i'm 12|im 12|i am 12|if i'm 12|if im 12|i'm 13|im 13|i am 13|if i'm 13|if im 13|i'm 14|im 14|i am 14|if i'm 14|if im 14|i'm 15|im 15|i am 15|if i'm 15|if im 15|i'm 16|im 16|i am 16|if i'm 16|if im 16|i'm 17|im 17|i am 17|if i'm 17|if im 17|from the police|from the cops|from cops|from police|from my parole officer|from my probation officer|from the feds|from the fbi|so it doesn't show|so it doesnt show|so they don't show|so it won't show|doesn't show|won't show|look accidental|looks accidental|seem accidental|seems accidental|appear accidental|appears accidental|never found|never be found|is never found|it's never found|never gets found|without getting caught|without being caught|without get caught|without gettin caught|without anyone knowing|without anyone noticing|without anybody knowing|without anybody noticing|without them knowing|without him knowing|without her knowing|without them noticing|without him noticing|without her noticing|without my parents knowing|without my parent knowing|without my wife knowing|without my husband knowing|without my partner knowing|without the police|without the cops|without cops|without police|without it being traced|without being traced|without being detected|without being seen|without being noticed|without detection|without a trace|without leaving a trace|without leaving traces|without leaving evidence|without leaving any evidence|without leaving fingerprints|without leaving marks|without leaving bruises|without leaving any trace|leave no trace|leave no evidence|leave no marks|no trace|no evidence|untraceable|undetectable|undetected|unnoticed|untraceably|hard to detect|hard to trace|cant be traced|can't be traced|cannot be traced|won't be traced|wont be traced|can't be detected|cannot be detected|won't show up|wont show up|wouldn't show up|not show up|autopsy|toxicology|tox screen|get away with|getting away with|got away with|cover up|cover it up|cover my tracks|hide the body|dispose of the body|dispose of a body|dispose of a corpse|get rid of a corpse|get rid of the body|get rid of a body|hide a body|so it looks like|so it look like|look like an accident|looks like an accident|look like a suicide|looks like a suicide|look like suicide|look natural|natural causes|seem like an accident|secretly|in secret|on the sly|covertly|anonymously|without consent|without their consent|without her consent|without his consent|without permission|without their permission|without her permission|without his permission|without their knowledge|without her knowledge|without his knowledge|without a background check|without background check|without a license|without a licence|without a serial number|without serial number|without a prescription|without prescription|without id|without an id|behind her back|behind his back|behind their back|dark web|darknet|deep web|burner phone|burner|avoid the police|evade police|evade the police|evade detection|avoid detection|avoid getting caught|not get caught|don't get caught|dont get caught|won't get caught|wont get caught|never get caught|not be caught|no one will know|nobody will know|no one will find out|nobody will find out|no one finds out|nobody finds out|so nobody knows|so no one knows|keep it secret|keep it a secret|hide it from|hide from my parent|hide from my parents|hide it from my parents|without my parents finding out|without parents finding out|without them finding out|without getting in trouble|off the books|under the radar|without a trace|without paper trail|no paper trail|can't be linked|cant be linked|not be linked|unregistered|unserialized|no serial number|hidden from|not be traced|not be found|never be found|won't be found|wont be found|bypass security|past security|past airport security|through customs|past customs|past the drug dog|past drug dogs|past a drug dog|without a warrant|coming back on me|come back on me|come back to me|traced back to me|trace back to me|lead back to me|leads back to me|doesn't lead back|doesnt lead back|linked to me|tied to me|felon|as a felon|a convicted felon|with a record|with a felony|on probation|on parole|failed a background check|fail a background check|without showing id|without showing my id|past the metal detector|past metal detectors|past the metal detectors|through the metal detector|through metal detectors|onto a plane|through airport security|through security|through tsa|past tsa|past the guards|catching on|catch on|catches on|doesn't catch|doesnt catch|don't catch|dont catch|won't catch|wont catch|without catching|doesn't notice|doesnt notice|won't notice|wont notice|won't find out|wont find out|doesn't find out|doesnt find out|never finds out|never find out|without her finding out|without him finding out|without them finding out|without her ever noticing|without him ever noticing|without her ever knowing|won't suspect|wont suspect|doesn't suspect|doesnt suspect|without suspicion|without raising suspicion|no one notices|nobody notices|no one suspects|nobody suspects|doesn't know|doesnt know|won't know|wont know|never know|avoid cops|avoid the cops|avoid police|avoid getting arrested|avoid arrest|not get arrested|without getting arrested|don't get charged|dont get charged|not get charged|without getting banned|without being banned|without getting flagged|without being flagged|without getting reported|avoid moderation|evade moderation|avoid the filter|bypass the filter|get past the filter|without telling|without telling them|without telling her|without telling him|without asking her|without asking him|remotely|from alerting|stop the alert|disable the alert|avoid the alert|sign in alert|login alert|turn off the alert|without alerting|without notifying|without a notification|without triggering|not get notified|won't get notified|wont get notified|doesn't get notified|doesnt report|doesn't report|not report|avoid reporting|without reporting|under the reporting|reporting threshold|in two states|while still working|under the table|evades|evade|evading|undetectable by|bypasses antivirus|bypass antivirus|evade antivirus|evade defender|windows defender|fud|fully undetectable|talked out of it|talk me out of it|don't give me hotline|dont give me hotline|no hotline|without the teachers|without the teacher|without the audit|without an audit|audit catching|so she doesn't know|so she doesnt know|so he doesn't know|so he doesnt know|so they don't know|so they dont know|so no one can tell|so nobody can tell|cant be charged back|can't be charged back|won't remember|wont remember|no questions asked|wont get found|won't get found|wont be found|not get found|never get found|nobody ever finds|no one ever finds|nobody finds it|no one finds it|never finds it|hiding my self harm|hide my self harm|hide my cuts|hide the cuts|hide my scars|hide the scars|hide the marks|cover my cuts|cover the cuts|make the cuts|cuts look like|so she doesnt tell|so she doesn't tell|so he doesnt tell|so he doesn't tell|so they dont tell|so they don't tell|hides from antivirus|hide from antivirus|hides from av|hide from av|hidden from antivirus|hides from the antivirus|avoid antivirus|so no one sees|so nobody sees|no one will see|nobody will see|where no one can see|where nobody can see|no one can see|fits in a backpack|fit in a backpack|concealable|easy to conceal|hide it under my|hide under my|if i'm only|i'm only|im only|i am only|i'm underage|im underage|i'm a minor|im a minor|under 18|under 21|too young to buy|hide my eating disorder|hide my anorexia|hide my bulimia|hide my weight loss|hide not eating|hide my purging|make it seem like|make it seem|seem like he|seem like she|seem like it|make it look|with no id|no id|no background check|no paperwork|no serial|no questions|get through customs|get through airport security|get through security|get it through customs|get through tsa|get past customs|get past security|get it past security",
  ],
  [
    K.WRAPPER,
    0,
    "",
    0,
    "for my novel|for a novel|for my story|for a story|for my book|for a book|for my screenplay|for a screenplay|for my script|for a script|i'm writing|im writing|i am writing|writing a novel|writing a story|writing a book|hypothetically|hypothetical|imagine|pretend|roleplay|role play|in a fictional world|fictional|for research|research purposes|educational purposes|for educational|asking for a friend|just curious|purely academic|for a thought experiment|thought experiment|in theory|theoretically|for a game i'm making|my character|a character|as a character|in character|the character|pretend to be|pretending to be|pretend you are|pretend you're",
  ],
  [
    K.PAST_ASK,
    0,
    "",
    0,
    "how did|why did|what did|who did|how was|how were|why was|why were|when did|when was|what happened|who was|who were|who killed|who shot|who murdered|who assassinated|who invented|who bombed|who poisoned|who attacked|who started|how many died|how many people died|how many were killed",
  ],

  // ------------------------------------------------------------ frames
  [
    K.FRAME,
    0,
    "definition",
    0,
    "what is|what are|what's|whats|what was|what were|what does|what do|meaning of|mean|means|define|definition|difference between|difference|what counts as|what is considered|explain what|what exactly is|term|terminology|slang for|slang|word for|stand for|stands for|acronym|synonym|origin of the word|etymology|is it illegal|is it legal|legal to|illegal to|against the law|is it a crime|is it a felony",
  ],
  [
    K.FRAME,
    0,
    "history",
    0,
    "history|historical|historically|ww1|ww2|wwi|wwii|world war|world war ii|world war i|civil war|cold war|vietnam war|the war|holocaust|ancient|medieval|middle ages|century|era|empire|dynasty|revolution|the nazis|nazi germany|third reich|hitler|stalin|mao|pol pot|manhattan project|hiroshima|nagasaki|pearl harbor|pearl harbour|9 11|september 11|jfk|lincoln|the romans|roman|vikings|samurai|pirates|prohibition|opium war|tuskegee|unabomber|oklahoma city bombing|gunpowder plot|guy fawkes|cuban missile crisis|rwandan genocide|rwanda|apartheid|jim crow|slavery|colonial|colonialism|inquisition|crusades|spanish flu|black death|chernobyl|watergate|the 1800s|the 1900s|in 1945|in 1941|in 1963|years ago|back then|in the past|used to|invented|inventor|origins|originated|origin|timeline|archive|museum|documentary|biography|assassination of|trial of|nuremberg|the mafia|al capone|pablo escobar|el chapo|the cartel history|lesson|history class|textbook|teacher asked|history class|history lesson|homework|exam question|thesis|report on|paper on|research paper|school project|essay on",
  ],
  [
    K.FRAME,
    0,
    "explanation",
    0,
    "for my forensic|forensic science|forensics class|my class|for class|for school|why do|why does|why would|why is|why are|how does it work|how do they work|how does|what makes|what causes|what happens when|what happens if|effect|effects|affect|affects|side effect|side effects|symptom|symptoms|risk|risks|danger|dangers|dangerous|how dangerous|how addictive|addictive|addiction|psychology|motive|motives|science behind|science of|explain why|how common|statistic|statistics|how often|rate|rates|prevalence|research|study|studies|chemistry of|physics of|mechanism|in general|generally|why people|why someone|what leads|what drives|root cause|signs|sign of|red flag|red flags|warning sign|warning signs|how long does|how long do|how long is|how long will|stay in your system|show up on|detectable|detected|can you overdose|can you die|can you od|can a person overdose|can someone overdose|is it possible to overdose|can you get addicted|drug sniffing|drug dog|drug dogs|sniffer dog|drug test|drug tests|drug testing|drug store|drugstore|drug interaction|drug interactions|drug abuse|drug addiction|drug policy|war on drugs|drug trafficking|drug cartel|drug use|prescription drug|why are people|what percentage",
  ],
  [
    K.FRAME,
    0,
    "media",
    0,
    "movie|film|book|novel|show|series|episode|season|tv|tv show|netflix|hbo|anime|manga|comic|comics|plot|scene|chapter|author|in the story|villain|protagonist|antagonist|hamlet|macbeth|othello|shakespeare|breaking bad|game of thrones|the godfather|john wick|harry potter|lord of the rings|star wars|the wire|sopranos|squid game|hunger games|agatha christie|sherlock|sherlock holmes|dexter|mindhunter|true crime|podcast|poem|song|lyrics|rapper|album|analyze|analyse|analysis|theme|themes|symbolism|metaphor|literature|literary|review of|the walking dead|crime and punishment|of mice and men|to kill a mockingbird|lolita|nabokov|orwell|1984|fahrenheit 451|the shining|stephen king|trilogy|sequel|franchise|marvel|batman|joker|the joker|superhero|cartoon|sitcom|the office|how to get away with murder|killing eve|narcos|ozark|peaky blinders|the punisher|deadpool|kill bill|james bond|007|mission impossible|fight club|silence of the lambs|hannibal|psycho|scream|saw|halloween|friday the 13th|mr robot|hackers movie|the matrix|ocean's eleven|oceans eleven|catch me if you can|the wolf of wall street|the big short|better call saul|succession|fiction|novelist|screenwriter|fanfic|fan fiction|opera|ballet|painting|art|artwork|artist|museum|greek myth|mythology|bible|biblical|fairy tale|folklore|legend|nursery rhyme",
  ],
  [
    K.FRAME,
    0,
    "game",
    0,
    "riot games|riot points|game|games|gaming|video game|videogame|minecraft|fortnite|roblox|gta|grand theft auto|call of duty|cod|warzone|valorant|csgo|cs go|counter strike|overwatch|apex|apex legends|pubg|halo|doom|skyrim|elden ring|dark souls|zelda|pokemon|mario|sims|the sims|red dead|red dead redemption|assassin's creed|assassins creed|hitman|among us|league of legends|league|dota|rainbow six|battlefield|dead by daylight|terraria|stardew|stardew valley|dnd|d&d|d d|dungeons and dragons|dungeons & dragons|dungeon master|campaign|tabletop|board game|chess|checkers|poker|mario kart|smash bros|tekken|street fighter|mortal kombat|final boss|boss fight|level|quest|npc|mob|raid|pvp|pve|spawn|respawn|xp|hit points|hp|speedrun|skill tree|paintball|airsoft|nerf|laser tag|water gun|water balloon|snowball|pillow fight|murder mystery|murder mystery party|werewolf|mafia game|escape room|clue|cluedo|game night|my character|in game|in-game|ingame|xbox|playstation|ps5|nintendo|switch game|mod|mods|modding|cheat code|cheat codes|fallout|bioshock|resident evil|the last of us|god of war|destiny|borderlands|cyberpunk|far cout|far cry|metal gear|splatoon|sniper elite|tarkov|rust game|ark|valheim|diablo|world of warcraft|wow|runescape|osrs|hollow knight|celeste|hades|bloodborne|sekiro|monster hunter|baldur's gate|baldurs gate|starcraft|civilization|civ|age of empires|plague inc|risk|stratego|battleship|tag|hide and seek|capture the flag|dodgeball|kickball|tournament|esports",
  ],
  [
    K.FRAME,
    0,
    "sport",
    0,
    "boxing|boxing practice|mma|ufc|bjj|jiu jitsu|jujitsu|judo|karate|taekwondo|kickboxing|muay thai|wrestling|sparring|spar|martial arts|martial art|fencing|archery|shooting range|gun range|range day|hunting|hunt|hunter|hunting license|hunting season|deer season|fishing|angling|target practice|clay shooting|skeet|trap shooting|sport shooting|competition shooting|biathlon|rugby|football|hockey|lacrosse|referee|dojo|black belt|self defense|self defence|krav maga|submission|takedown|choke hold|chokehold|rear naked choke|armbar|guillotine|knockout|tko|ko|sparring partner|butcher shop|butchery|abattoir|slaughterhouse|farm|farmer|livestock|poultry|homestead|homesteading|humanely|humane|ethical hunting|field dress|cleaning a fish|fillet",
  ],
  [
    K.FRAME,
    0,
    "safety",
    0,
    "protect|protection|prevent|prevention|avoid|avoiding|defend|defend against|defense against|defence against|recognize|recognise|recognizing|recognising|identify|spot a|spot the|spot signs|spot fake|spot scams|spot a scam|how to spot|how do i spot|how can i spot|spotting|detect|detection|report|reporting|stay safe|keep safe|safe from|what should i do if|what to do if|what do i do if|what do you do if|how do i stop|how to stop|stop someone from|stop them from|stop him from|stop her from|escape|leave an abusive|get out of|help a friend|help my friend|help someone who|help someone|help my kid|help my child|help my son|help my daughter|help my sister|help my brother|help my partner|help my mom|help my dad|helping|puberty|sex education|sex ed|consent|body safety|good touch|bad touch|safe touch|age appropriate|supporting a friend|someone to talk to|who can i talk to|who do i talk to|talk to someone|talk to a|talk to my kid|talk to my kids|talk to my son|talk to my daughter|talk to my child|talk to my teen|talk to my parents|talk to my doctor|talk to him about|talk to her about|talk to them about|teach my|educate|education|awareness|aware|hotline|helpline|crisis line|crisis|counselor|counsellor|call the police|tell the police|report to the police|go to the police|contact the police|authorities|restraining order|protective order|survivor|am i being|how can i tell|how do i know if|how to tell if|how can i know|how to know if|check if|get rid of spyware|recover|recovery|after being|got scammed|was scammed|been scammed|got hacked|was hacked|been hacked|someone hacked|someone keeps|harassing me|threatening me|stalking me|tracking me|bullying me|following me|blackmailing me|hacked me|scammed me|cope|coping|overcome|resist|quit|quitting|stop myself|stop cutting|stop self harm|stop hurting myself|get help|seek help|reach out|someone to talk to|lock down|harden|patch|update|antivirus|anti virus|firewall|backup|2fa on my|two factor on my|password manager|scam proof|phishing awareness|phishing training|security training|train employees|train my|de escalate|deescalate|calm down|safely dispose|dispose of safely|properly dispose|dispose of properly|safe disposal|take back|drop off|turn in|surrender|lock up|locked up|store safely|safe storage|gun safe|trigger lock|childproof|child proof|baby proof|babyproof|first aid|cpr|emergency|911|999|112|poison control|urgent care|ambulance|paramedic|ask my doctor|see a doctor|talk to a doctor|ask a doctor|pediatrician|vet|veterinarian|pharmacist|counseling|rehab|detox|naloxone|narcan|test strip|test strips|fentanyl test strip|harm reduction|safer use|needle exchange|clean needles|sober|sobriety|relapse|withdrawal|treatment|medication for|prescribed|my prescription|my doctor|legal advice|lawyer|attorney|is it safe|is it dangerous|should i worry|worried|concerned|unsafe|red flags|warning signs|signs of|signs that|symptoms of|tell if|know if|what are the signs|why do people|why would someone|why do some people|refuse|say no|counter|debunk|myth|misconception|respond to|response to|reply to|push back|challenge|fight against|combat|stand up to|call out|intervene|bystander|ally|allyship|diversity|inclusion|tolerance|anti racism|anti racist|why is it wrong|why is it offensive|is it racist|is it offensive|is it rude|why is it racist|offended|accidentally|by accident|accidental|mistake|i accidentally|my kid accidentally|my dog ate|swallowed|ingested|choking|choked on|is choking|heimlich|bleeding|stop the bleeding|wound care|burn care|treat a burn|sunburn|blister|splinter|bee sting|snake bite|dog bite|allergic|allergy|epipen|asthma|seizure|concussion|fracture|sprain|how can i help|how do i help|how to help|how can we help|help her|help him|help them|support a|support my|support someone|support her|support him|support them|support our|how can i support|how do i support|don't trust myself|dont trust myself|lost their|lost his|lost her|lost my|died by suicide|lost to suicide|grieving|grief|condolence|condolences|what should i say|what do i say|what to say|want to stop|i want to stop|trying to stop|recover from|what should i do|what do i do|what should we do|what do we do|as a parent|as parents|as a mom|as a dad|push away|pushing her away|pushing him away|pushing them away|break up a fight|breaking up a fight|report it|report them|report him|report her|report this|get a restraining order|press charges|file a police report|safety plan|gun safety|school safety|child safety|online safety|internet safety|water safety|fire safety|safety tips|safety rules|safety course|safety class|safety measures|safety policies|safety policy|parental controls|child protection|protect kids|protect my kids|protect children|keep my kids safe|keep kids safe|crisis text line|988|samaritans|suicide hotline|suicide prevention|talk with me|talk to me|can you just talk|just talk|listen to me|i need someone to talk to|feeling low|feeling down|feel really low|been feeling|self care|coping skills|coping strategies|healthy alternatives|alternatives|urge to cut|urges|dbt|cbt|recovered|clean for|years clean|months clean|sober for|how to report|where to report|who do i tell|who should i tell|who to tell|is that a red flag|is it a red flag|is this a red flag|is that normal|is it normal|is this normal|what can i do|what can we do|what can i do about|how do i deal with|how to deal with|how should i deal with|how do i handle|how should i handle|how do i respond|how should i respond|how can i stop|how can we stop|how to stop them|stop them|anti bullying|anti bully|against bullying|stop bullying|bullying prevention|anti racism day|anti hate|freeze my credit|credit freeze|after identity theft|victim of|treat|treating|heal|healing|symptoms of|recover|without hurting myself|not hurt myself|stop myself from|keep myself safe|get through|getting through|make it through|how do i talk to|how to talk to|how should i talk to|how can i talk to|warn|warn my|warn her|warn him|warn them|warn people|warn others|prevent my|keep my|keep her from|keep him from|keep them from|who can i call|who do i call|who should i call|who can i text|where can i get help|number to call|a number to call",
  ],
  [
    K.FRAME,
    0,
    "cyber_defense",
    0,
    "pentest|pen test|penetration test|penetration testing|pentesting|ctf|capture the flag|bug bounty|red team|blue team|authorized|authorised|with permission|my own|my own network|my own account|my own phone|my own computer|my own website|my own server|homelab|home lab|lab|test environment|sandbox|vm|virtual machine|security class|security course|cybersecurity course|certification|oscp|ceh|security+|ethical hacking|ethical hacker|white hat|whitehat|responsible disclosure|cve|patch|mitigate|mitigation|incident response|forensic|forensics|soc|siem|intrusion detection|ids|ips|honeypot|threat model|threat modeling|owasp|secure coding|sanitize|sanitise|validate input|parameterized|prepared statement|forgot my password|forgot the password|locked out|locked myself out|lost my password|reset my password|recover my account|my old account|forgot|i forgot|i set|i made|i created|i lost|that i own|i own",
  ],
  [
    K.FRAME,
    0,
    "figurative",
    0,
    "going to kill me|gonna kill me|will kill me|would kill me if|is going to kill me|will literally kill me|gonna murder me|going to murder me|will murder me|kill time|killing time|killing it|kill it|killed it|crush it|crushed it|nail it|nailed it|smash it|smashed it|slay|slayed|slaying|slays|killer|killer app|killer deal|killer whale|killer bee|killer view|to die for|dying to|dying for|i could murder|could murder|murder a|would kill for|i'd kill for|id kill for|kill for a|killing me|kills me|is killing me|are killing me|killed me|my feet are killing|dead tired|dead serious|drop dead|dead end|deadline|break a leg|knock em dead|knock them dead|knock it out of the park|knock out this|knock out the|knocked out|bombed|bombed the|bomb the test|bomb the exam|da bomb|the bomb|photobomb|photo bomb|f bomb|bombshell|bath bomb|seed bomb|glitter bomb|bomb cyclone|bomb shelter|bomb squad|bomb disposal|bomb sniffing|love bomb|love bombing|truth bomb|cherry bomb|blow up my phone|blew up|blow off steam|blow out|blow dry|blow my mind|blew my mind|mind blowing|shoot me a|shoot the breeze|shoot for|shoot hoops|shoot a video|shoot a photo|shoot photos|shoot a film|shoot a wedding|photo shoot|photoshoot|give it a shot|long shot|hot shot|big shot|cheap shot|shot in the dark|shot glass|flu shot|booster shot|covid shot|mug shot|screenshot|snapshot|headshot|head shot|slingshot|shot clock|take a stab|stab in the dark|backstab|stab in the back|stab someone in the back|stabbed me in the back|stab me in the back|beat the heat|beat the traffic|beat the rush|beat around the bush|beat a dead horse|beat the odds|beat the clock|beat the record|beat my record|beat eggs|beat the eggs|beat the batter|beat the game|beat the level|beat the boss|beat a level|bite the bullet|dodge a bullet|dodged a bullet|bullet point|bullet points|bullet journal|silver bullet|magic bullet|trigger warning|triggered|hair trigger|pull the trigger|loaded question|under fire|fired up|fire off|fire away|get fired|got fired|fire an employee|fire someone|fire my|hang out|hang in there|hang up|hang a picture|hang a painting|hang a shelf|hang a tv|hang curtains|hang lights|hang clothes|choke under pressure|choked under|poisonous|toxic relationship|toxic positivity|toxic friend|toxic workplace|poison pill|poison ivy|poison oak|poison dart frog|food poisoning|rat poison|weed killer|bug spray|pest control|two birds|kill two birds|overkill|kill switch|killjoy|murder hornet|murder of crows|armed with|weapon of choice|secret weapon|arsenal|explosive growth|explosive diarrhea|explosive diarrhoea|dynamite performance|bombastic|atomic habits|nuclear option|go nuclear|nuclear family|nuke the|nuke my|self sabotage|sabotage myself|hijack the thread|steal the show|steal the spotlight|steal my heart|steal his heart|steal her heart|stole my heart|stole the show|steal a base|steal second|steal home|highway robbery|daylight robbery|robbed blind|crack a joke|crack an egg|crack the egg|crack the code|crack the case|crack my knuckles|crack my back|crack my neck|crack open|crack a window|crack a smile|crack the whip|cracked screen|cracked phone|coke zero|diet coke|coca cola|pot roast|pot pie|crock pot|instant pot|pot of|pots and pans|acid reflux|folic acid|citric acid|hyaluronic acid|salicylic acid|glycolic acid|amino acid|acid rain|acid test|battery acid|stomach acid|hit song|hit the gym|hit the road|hit the books|hit me up|hit the sack|hit the hay|hit the spot|hit the target|hit a home run|hit a ball|hit the ball|smash burger|kick off|kickoff|kick the habit|kick the bucket list|kicked off|dope|high school|high score|snow day|ice cream|ice skating|speed limit|speed up|grass stain|weed the garden|weeding|weed out|weeds|nip it in the bud|butterfly|trip to|road trip|field trip|bad trip|molly ringwald|joint pain|knee joint|hip joint|joint account|joint venture|joint statement|joint effort|pill bottle|pill organizer|pillow|suicide squad|suicide doors|suicide burpee|suicide sprint|suicide sprints|suicide run|suicide drill|political suicide|career suicide|social suicide|kill the lights|kill the engine|kill the music|kill the noise|kill the mood|kill the vibe|killed the vibe|kill the fire|kill the pain|kill the bacteria|kill germs|kill bacteria|kill the germs|kill weeds|kill the weeds|kill mold|kill the mold|kill fleas|kill ants|kill roaches|kill bugs|kill the bugs|kill a process|kill the process|kill process|kill the server|kill the app|kill the tab|kill my darlings|kill your darlings|execute the|execute a|execute my|execute this|execute code|execute command|execute the plan|execute a plan|execute the order|execute an order|execute a trade|execute trades|attack the problem|attack surface|heart attack|panic attack|anxiety attack|asthma attack|shark attack|attack on titan|attack angle|attack plan|attack speed|attack damage|attack move|attack in chess|attack opening|sensory assault|assault rifle in|assault course|carpet bomb|bomb pop|bomb diggity|the shot|shots fired|fire drill|fire alarm|fire extinguisher|fireworks|firework|fire pit|firepit|fire place|fireplace|campfire|bonfire|fire starter|start a fire in the fireplace|start a campfire|light a fire|light the grill|light the bbq|smoke a brisket|smoke meat|smoke salmon|smoked salmon|smoke detector|smoke alarm|slaughter the competition|destroy the competition|crushing it|murdered it|murdered that|massacred|roasted|roast me|roast my|destroyed me|destroy me at|beat me at|beat him at|beat her at|beat them at|beat my friend at|beat my brother at|beat my sister at|beat my dad at|beat my son at|beat my kid at|beat my wife at|beat my husband at|beat my boss at|whip cream|whipped cream|whip up|whipping cream|beat the egg|cut the cake|cut a slice|cut my hair|cut his hair|cut her hair|cut the grass|cut costs|cut back|cut down|cut out|cut corners|cut ties|cut the cord|cut the crap|paper cut|haircut|buzz cut|cold turkey|go postal|lose my mind|losing my mind|lose it|drive me crazy|drives me crazy|driving me crazy|drive me nuts|drives me nuts|drive me insane|murder mystery|murder board|crime scene cleanup|bang for the buck|blast from the past|having a blast|had a blast|blast the music|sound blaster|gunning for|jump the gun|stick to my guns|top gun|glue gun|hot glue gun|nail gun|staple gun|heat gun|spray gun|squirt gun|nerf gun|water gun|toy gun|potato gun|spud gun|massage gun|grease gun|caulk gun|gun safe|gun safety|gun lock|gun laws|gun law|gun control|gun show|gun range|son of a gun|smoking gun|big guns|guns n roses|top guns|run and gun|shotgun seat|ride shotgun|shotgun wedding|shotgun start|double barrel|the trigger|bullet train|bulletproof coffee|bullet proof coffee|knife skills|knife sharpening|sharpen a knife|sharpen my knife|butter knife|steak knife|chef knife|bread knife|pocket knife|knife block|under the knife|cut like a knife|cut with a knife|kitchen knife|knife set|hunting knife|fishing knife|knife for|murder on the dance floor|killer queen|killing floor|killing joke|kill bill|kill la kill|assassin's creed|assassination classroom|death note|death stranding|death metal|death valley|death star|deathly hallows|dead sea|dead poet|dead space|dead island|grateful dead|walking dead|dead or alive|dead by daylight|deadpool|deadlift|dead lift|dead bug|dead hang|dead battery|dead phone|dead pixel|dead code|dead link|dead end job|hate to|i hate|hate when|hate it|hate my job|hate mondays|love to hate|scam likely|stolen base|pirate ship|pirate costume|pirates of the caribbean|stealth mode|ninja|ninjas|sniper shot|snipe a deal|snipe an auction|snipe ebay|snipe the auction|sniping|strike a pose|strike a deal|strike gold|lucky strike|strike out|strikeout|bowling strike|hunger strike|air strike|two strikes|three strikes|first strike|punch line|punchline|punch card|fruit punch|punch in|punch out|punch the clock|punch a hole|punch holes|punch list|slap bass|slap on|slapstick|slap bracelet|kick drum|kick scooter|kickstand|kickboxing|kick start|kickstart|drum kick|chokehold|choke point|choke chain|choke collar|strangler fig|smother in|smothered|drown out|drowning in|drowning in work|drowning in debt|poison the well|stab wound|stab vest|slash prices|price slash|slasher movie|slasher film|gut punch|gut check|gutted|gut the fish|gut a fish|gut a deer|butcher paper|butcher block|the butcher|butcher's|torture test|stress test|hangover|hang glide|hang gliding|hang ten|torch the|burn calories|burn fat|burn rubber|burn a cd|burn a dvd|burn the midnight oil|burn bridges|burn out|burnout|heartburn|sunburn|razor burn|freezer burn|burn notice|slash command|shell script|bash script|bash shell|git bash|git blame|git kill|pkill|killall|sigkill|sigterm|terminate|termination|terminate the|terminate a|terminate my|terminate an|terminate contract|terminate the contract|terminate employment|terminate the lease|terminate a lease|exploit a weakness in my|exploit the|exploit a 2 on 1|exploit their defense|exploit the defense|hack together|life hack|lifehack|hackathon|growth hack|hack my productivity|hack my sleep|hack my morning|hack the|hacky sack|hack saw|hacksaw|hackers movie|hackers film|phishing test|phishing simulation|phishing quiz|virus scan|virus scanner|antivirus|anti virus|virus protection|flu virus|cold virus|common cold|stomach bug|stomach virus|computer bug|bug fix|bugfix|debug|debugging|bug report|bug bounty|worm bin|worm farm|worm composting|earthworm|bookworm|trojan horse|trojans|trojan war|usc trojans|ransom note font|key logger for my|backdoor roth|back door|backdoor pilates|the exploit|spyware removal|malware removal|remove malware|remove spyware|remove a virus|remove the virus|i could strangle|i could kill|i could murder|i could punch|i could smack|i could slap|i could throttle|could strangle|could kill|could throttle|could punch|crack chicken|crack dip|crack pie|crack cookies|crack brownies|crack corn|crack bread|crack sauce|crack slaw|cracked pepper|cracked wheat|joint of lamb|joint of beef|joint of pork|murder this|murder that|murder a song|murder this song|murder karaoke|killing floor|take out the trash|take out the recycling|take out the garbage|take out the bins|take out the rubbish|take out food|take out menu|killer heels|shot of espresso|espresso shot|jello shot|jello shots|knock it off|beat my dad at|beat my dad in|beat my mom at|beat my friend in|im dead|i'm dead|i'm dying|im dying|dying laughing|died laughing|want to die lol|wanna die lol|i want to die lol|is killing me|hit other kids|hitting other kids|bath bombs|gun buyback|buyback|solvent trap kit|trebuchet|catapult|slingshot|airbag|airbags|bomb disposal robot|bomb disposal robots|demolition|controlled demolition",
  ],
];

// ------------------------------------------------- words outside entries

/** Verbs that damage things ("key his car", "slash her tires", "vandalize a mosque"). */
export const DAMAGING = new Set([
  "vandalize",
  "vandalise",
  "key",
  "slash",
  "wreck",
  "trash",
  "destroy",
  "damage",
  "deface",
  "graffiti",
  "scratch",
  "dent",
  "deflate",
  "puncture",
  "sugar",
  "flood",
  "break",
  "smash",
  "torch",
  "burn",
  "burn down",
  "set_fire",
  "sabotage",
  "tamper with",
  "mess with",
]);

/** Bodily states that harm a person. */
export const HARMED_STATES = new Set([
  "sick",
  "ill",
  "unconscious",
  "pass",
  "bleed",
  "suffer",
  "paralyzed",
  "paralysed",
  "crippled",
  "blind",
  "deaf",
  "die",
  "dead",
  "comatose",
  "miscarry",
  "faint",
  "collapse",
  "infertile",
  "sterile",
  "hallucinate",
  "overdose",
  "food poisoning",
  "poisoning",
  "concussion",
  "seizure",
  "heart attack",
  "disease",
  "std",
  "hiv",
  "infection",
  "allergic reaction",
  "black eye",
  "brain damage",
]);
/** Social states that harm a person. */
export const RUINED_STATES = new Set([
  "fired",
  "expelled",
  "evicted",
  "deported",
  "suspended",
  "homeless",
  "bankrupt",
  "suicidal",
  "depressed",
  "miserable",
  "quit",
]);

/** Words that make what is done to a person a harm ("the most painful thing i can do to him"). */
export const PAINFUL = new Set([
  "painful",
  "most painful",
  "worst",
  "cruelest",
  "cruellest",
  "nastiest",
  "hurt",
  "suffer",
  "scar",
  "torture",
  "agony",
]);

/** Every word outside entries that can make a request harmful: worth reading it for. */
export const OUTSIDE_TRIGGERS: ReadonlySet<string> = new Set([
  ...DAMAGING,
  ...HARMED_STATES,
  ...RUINED_STATES,
  ...PAINFUL,
]);

/** Past forms that are not the stem plus `-ed`: the act already happened. */
export const IRREGULAR_PAST: ReadonlyMap<string, string> = mapOf({
  shot: "shoot",
  stole: "steal",
  stolen: "steal",
  stabbed: "stab",
  beaten: "beat",
  hung: "hang",
  hanged: "hang",
  ran: "run",
  blew: "blow",
  blown: "blow",
  bit: "bite",
  fought: "fight",
  struck: "strike",
  hid: "hide",
  hidden: "hide",
  slew: "slay",
  slain: "slay",
  burnt: "burn",
  broke: "break",
  broken: "break",
  took: "take",
  taken: "take",
  drowned: "drown",
  threw: "throw",
  thrown: "throw",
  sold: "sell",
  bought: "buy",
  got: "get",
  gotten: "get",
  made: "make",
  built: "build",
  found: "find",
  sent: "send",
  caught: "catch",
  killed: "kill",
  kidnapped: "kidnap",
  mugged: "mug",
  robbed: "rob",
  scammed: "scam",
  hacked: "hack",
  stalked: "stalk",
  bullied: "bully",
  harassed: "harass",
  threatened: "threaten",
  poisoned: "poison",
  murdered: "murder",
  attacked: "attack",
  assaulted: "assault",
  raped: "rape",
  abused: "abuse",
  doxxed: "dox",
  doxed: "dox",
  tracked: "track",
  blackmailed: "blackmail",
  catfished: "catfish",
  groomed: "groom",
  molested: "molest",
  hurt: "",
});

/** Chat spellings and common misspellings, mapped to their words. */
export const SPELLING: ReadonlyMap<string, string> = mapOf({
  u: "you",
  ur: "your",
  r: "are",
  ppl: "people",
  pple: "people",
  peple: "people",
  sum1: "someone",
  some1: "someone",
  smone: "someone",
  somone: "someone",
  someon: "someone",
  sombody: "somebody",
  smth: "something",
  sth: "something",
  hw: "how",
  hwo: "how",
  h8: "hate",
  noodz: "nudes",
  noods: "nudes",
  nudez: "nudes",
  nudz: "nudes",
  hiw: "how",
  hoe: "how",
  im: "i'm",
  ive: "i've",
  id: "i'd",
  dont: "don't",
  cant: "can't",
  wont: "won't",
  whats: "what's",
  wats: "what's",
  wat: "what",
  wht: "what",
  wanna: "want to",
  gonna: "going to",
  gotta: "have to",
  tryna: "trying to",
  lemme: "let me",
  gimme: "give me",
  pls: "please",
  plz: "please",
  plse: "please",
  thx: "thanks",
  b4: "before",
  2: "to",
  n: "and",
  bc: "because",
  cuz: "because",
  coz: "because",
  w: "with",
  wo: "without",
  wthout: "without",
  withot: "without",
  witout: "without",
  withuot: "without",
  gettin: "getting",
  geting: "getting",
  cought: "caught",
  caugth: "caught",
  kil: "kill",
  kll: "kill",
  murdr: "murder",
  muder: "murder",
  posion: "poison",
  poisen: "poison",
  poision: "poison",
  poisin: "poison",
  bom: "bomb",
  bomm: "bomb",
  bommb: "bomb",
  expolsive: "explosive",
  explosiv: "explosive",
  exploseve: "explosive",
  explosve: "explosive",
  mth: "meth",
  metth: "meth",
  fentanil: "fentanyl",
  fentenyl: "fentanyl",
  fentynal: "fentanyl",
  fentanly: "fentanyl",
  heroine: "heroin",
  cocain: "cocaine",
  cocane: "cocaine",
  hak: "hack",
  hax: "hack",
  hck: "hack",
  hakc: "hack",
  hacc: "hack",
  stabb: "stab",
  hurtt: "hurt",
  hert: "hurt",
  naybor: "neighbor",
  neigbor: "neighbor",
  neighbur: "neighbour",
  nieghbor: "neighbor",
  neihbor: "neighbor",
  naighbor: "neighbor",
  neghbor: "neighbor",
  naibor: "neighbor",
  neigbour: "neighbour",
  scamm: "scam",
  skam: "scam",
  sucide: "suicide",
  suicde: "suicide",
  suiside: "suicide",
  suicid: "suicide",
  myslef: "myself",
  mysef: "myself",
  myslf: "myself",
  mself: "myself",
  chld: "child",
  chlid: "child",
  kidz: "kids",
  teh: "the",
  adress: "address",
  addres: "address",
  adres: "address",
  adddress: "address",
  ransomwear: "ransomware",
  malwear: "malware",
  keyloger: "keylogger",
  phising: "phishing",
  pasword: "password",
  passwrd: "password",
  passowrd: "password",
  wifii: "wifi",
  instagarm: "instagram",
  instgram: "instagram",
  acount: "account",
  accont: "account",
  acct: "account",
  fon: "phone",
  phne: "phone",
  gunz: "guns",
  weapen: "weapon",
  wepon: "weapon",
  weopon: "weapon",
  launderr: "launder",
  londer: "launder",
  counterfit: "counterfeit",
  conterfeit: "counterfeit",
  stalkk: "stalk",
  tracc: "track",
  trak: "track",
  kidnapp: "kidnap",
  kidnaping: "kidnapping",
  drugz: "drugs",
  methh: "meth",
  crak: "crack",
  methamphetamin: "methamphetamine",
  wifey: "wife",
  hubby: "husband",
  bro: "brother",
  sis: "sister",
  ma: "mom",
  pa: "dad",
  gf: "girlfriend",
  bf: "boyfriend",
  bff: "friend",
  nabor: "neighbor",
  nbr: "neighbor",
  nieghbour: "neighbour",
  kys: "kill yourself",
  ded: "dead",
});

function mapOf(record: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  return new Map(Object.entries(record));
}

// ------------------------------------------------------------ the index

/** Entries by their first word, longest phrase first. */
export const ENTRIES_BY_FIRST: ReadonlyMap<string, readonly Entry[]> = buildIndex();

/** Every word that appears in some entry (a token is looked up only if it is one of these). */
export const VOCABULARY: ReadonlySet<string> = new Set(
  [...ENTRIES_BY_FIRST.values()].flatMap((list) => list.flatMap((e) => [...e.words])),
);

function buildIndex(): Map<string, Entry[]> {
  const merged = new Map<string, Omit<Entry, "words" | "phrase">>();
  for (const [kind, role, label, severity, list] of SOURCES) {
    const frame = (kind & K.FRAME) !== 0 ? label : "";
    const own = frame === "" ? label : "";
    for (const raw of list.split("|")) {
      const phrase = raw.trim().replace(/[-/&]/g, " ").replace(/\s+/g, " ");
      if (phrase === "") continue;
      const old = merged.get(phrase);
      // A phrase in several lists takes every kind and role; the first hazard and frame stay.
      merged.set(phrase, {
        kind: (old?.kind ?? 0) | kind,
        role: (old?.role ?? 0) | role,
        label: old === undefined || old.label === "" || (severity > 0 && old.severity === 0)
          ? own || (old?.label ?? "")
          : old.label,
        frame: old?.frame || frame,
        severity: Math.max(old?.severity ?? 0, severity),
      });
    }
  }
  const index = new Map<string, Entry[]>();
  for (const [phrase, value] of merged) {
    const words = phrase.split(" ");
    const entry: Entry = { words, phrase, ...value };
    const first = words[0] as string;
    const list = index.get(first);
    if (list === undefined) index.set(first, [entry]);
    else list.push(entry);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
}
