"""Event cues: strike, battle, interception, agreement, arrest, protest, ... and the hedge, history,
past-tense and analysis words that tell a report from commentary.

Data only: trilingual (en/uk/ru) word stems as whitespace-separated regex fragments, compiled
by ``sitroom.reading.classify``. Matched on lower-cased text, each stem at a word start."""

STRIKE = (
    r"strikes? struck hit hits attack\w* shell\w* bombard\w* fired launched target\w* explosions? exploded blast"
    r" damage damages destruction craters? on\s+fire collapsed burn(?:ed|t|ing) came\s+under\s+fire shot\s+(?:at|in|by|dead)"
    r" руйнуван\w* разрушени\w* вирв\w* воронк\w* влучи\w* влучил\w* попал[аио]?\s+(?:в|по)"
    r" detonat\w* destroyed damaged impact\w* killed wounded injured"
    r" удар\w* вдар\w* уразил\w* обстріл\w* атакува\w* атак\w* вибух\w* прил[іе]т\w* влучан\w* поцілил\w*"
    r" знищ\w* пошкодж\w* зруйнува\w* загин\w* поранен\w* обстрел\w* атаковал\w* взрыв\w* поразил\w* уничтож\w*"
    r" поврежд\w* разруш\w* погиб\w* ранен\w* пострада\w* постражд\w* бомбил\w* сбросил\w* скинул\w* скинули"
    r" blew\s+up blown\s+up підірва\w* подорва\w* взорва(?:л|ли|ла|ло|н|на|но|ны)(?!\w)"
    r" поражен(?:а|о|ы)?(?!\w) уражен\w*"
    r" вбили вбив вбила убили убил убила"
)

NOMINAL = r"damage damages destruction craters? on\s+fire collapsed burn(?:ed|t|ing)"

BATTLE = (
    r"clash\w* fighting fought battles? battled assault\w* repel\w* repuls\w* counterattack\w* counteroffensive"
    r" offensive\s+operations ground\s+attacks? attacked\s+(?:ukrainian|russian)\s+positions advanced advances"
    r" firefight skirmish infiltrat\w* бо[їйяю]\w* бій штурм\w* відбил\w* відбит\w* наступ\w* контратак\w*"
    r" боестолкн\w* отразил\w* отбил\w* наступлени\w* продвинул\w* просунул\w* зіткнен\w* столкновени\w*"
)

INTERCEPT = (
    r"shot\s+down shoots\s+down downed intercepted intercepts interception neutrali[sz]ed air\s+defen[cs]e"
    r" destroyed\s+\d+\s+(?:drones|uavs|missiles) збил\w* збит\w* знешкодж\w* перехопил\w* перехоплен\w*"
    r" сбил\w* сбит\w* перехвач\w* перехват\w* подавлен\w* ппо пво уничтожены\s+\d+"
    r" уничтожен[ыо]?\s+над знищен[оі]?\s+над (?:бпла|беспилотник\w*|дрон\w*)\s+уничтожен\w*"
)

IMPACT = (
    r"killed wounded injured died dead damaged destroyed\s+(?:a|the|two|three|several|\w+\s+)?(?:house|home|building)s?"
    r" fire\s+broke fires? debris\s+(?:fell|hit|damaged) hit\s+(?:a|an|the) struck\s+(?:a|an|the)"
    r" загин\w* поранен\w* пошкодж\w* пожеж\w* уламк\w* зруйн\w* погиб\w* ранен\w* поврежд\w* пожар\w*"
    r" обломк\w* разруш\w* постражд\w* пострада\w* влучан\w* попадани\w*"
)

AGREEMENT = (
    r"ceasefire cease-fire truce armistice peace\s+(?:deal|agreement|accord) signed\s+(?:an?\s+|the\s+)?"
    r"(?:agreement|deal|memorandum) agreed\s+to reached\s+(?:an?\s+)?(?:agreement|deal) prisoner\s+(?:exchange|swap)"
    r" exchange\s+of\s+prisoners pows?\s+(?:were\s+)?(?:returned|released|exchanged) grain\s+deal"
    r" обмін\w*\s+полонен\w* обмін\w*\s+тіл\w* перемир'я домовленост\w* підписал\w*\s+(?:угод|меморандум)"
    r" повернул\w*\s+додому обмен\w*\s+пленн\w* обмен\w*\s+тел\w* перемири\w* соглашени\w*\s+подпис\w*"
    r" подписал\w*\s+соглашени\w* договорил\w* вернул\w*\s+домой"
)

VIOLATION = r"violat\w* поруш\w* наруш\w*"

ARREST = (
    r"detained detains arrested arrests apprehended detention taken\s+into\s+custody"
    r" notice\s+of\s+suspicion затрима\w* арештува\w* заарештува\w* повідомил\w*\s+про\s+підозр\w*"
    r" задержа\w* арестова\w* задержан\w*"
)

PROTEST = (
    r"protest\w* rall(?:y|ied|ies) demonstrat(?:ion|ors|ed) picket\w* протест\w* мітинг\w* акці\w*\s+протест\w*"
    r" пікет\w* митинг\w* пикет\w* вийшли\s+на\s+вулиц\w* вышли\s+на\s+улиц\w*"
)

PROTEST_INTERVENE = r"dispersed disperse detained\s+protesters розігна\w* розігнал\w* разогна\w* задержан\w* затриман\w*"

ABDUCT = (
    r"abduct\w* kidnap\w* forcibly\s+(?:deported|transferred|disappeared) deported deportation"
    r" викрал\w* викраден\w* депорту\w* депортова\w* похитил\w* похищен\w* депортаци\w* депортировал\w*"
    r" насильно\s+вывез\w* примусово\s+вивез\w*"
)

SEXUAL = r"rape\w* sexual\s+violence sexually\s+assault\w* згвалту\w* сексуальн\w*\s+насильств изнасил\w*"

VAC = (
    r"executed execution\s+of tortured torture shot\s+dead\s+(?:a|two|\w+)?\s*civilians? shot\s+(?:a|two|\d+)\s+civilians?"
    r" opened\s+fire\s+on\s+(?:civilians|a\s+car|people|evacuat\w*) killed\s+civilians\s+in\s+custody"
    r" розстріля\w* катува\w* тортур\w* страти\w* расстреля\w* пыта\w* пытк\w* казни\w*"
)

LOOT = r"loot\w* plunder\w* pillag\w* мародер\w* мародёр\w* розграбува\w* разграби\w* пограбува\w*"

CHEM = r"chemical\s+(?:weapon|agent|munition)s? chloropicrin tear\s+gas k-51 хімічн\w* хлорпікрин химическ\w* хлорпикрин"

GRENADE = r"grenades? гранат\w*"

SUICIDE = r"suicide\s+bomb\w* смертник\w*"

CAPTURE = (
    r"captured capture\s+of took\s+(?:full\s+)?control seized occupied\s+the\s+(?:village|town|city|settlement)"
    r" raised\s+(?:the|a)\s+flag окупува\w* захопи\w* захопл\w* взял\w*\s+под\s+(?:полный\s+)?контроль"
    r" зайня\w* заня\w* заняли овладел\w* заход\w*\s+в"
)

LIBERATE = (
    r"liberated liberation\s+of recaptured retook regained recapture\s+of deoccupied de-occupied"
    r" звільнил\w* звільнен\w* деокупува\w* відвоюва\w* освободил\w* освобожден\w* вернули\s+контроль"
    r" повернули\s+контроль"
)

WITHDRAW = r"withdrew withdrawn retreated withdrawal\s+from відійшли відступил\w* вийшли\s+з отошли отступил\w* вышли\s+из"

STRATEGIC_OTHER = (
    r"mobili[sz]ation martial\s+law appointed dismissed sanctions? conscription annex\w* referend\w*"
    r" мобілізац\w* воєнн\w*\s+стан\w* призначи\w* звільнив\s+з\s+посади санкці\w* мобилизац\w*"
    r" военн\w*\s+положени\w* назначи\w* санкци\w* аннекс\w* референдум\w*"
)

CYBER = r"cyber-?attacks? cyberattack\w* ddos hack\w* кібератак\w* кибератак\w* хакер\w*"

HEDGE = (
    r"could may might would will\s+likely likely\s+will will\s+probably is\s+likely\s+to are\s+likely\s+to"
    r" is\s+expected\s+to are\s+expected\s+to plans?\s+to intends?\s+to isw\s+assesses isw\s+forecasts"
    r" assess\w* forecast\w* threaten\w* if\s+russia if\s+ukraine може\s+\w+ можуть можливо планує"
    r" може могут может возможно планирует прогноз\w* загрожу\w* угрожа\w*"
)

HISTORY = (
    r"in\s+(?:19\d\d|2014|2015) world\s+war second\s+world anniversary years\s+ago holodomor"
    r" друг\w*\s+світов\w* друг\w*\s+миров\w* великой\s+отечественной роковин\w* річниц\w* годовщин\w*"
)

ANALYSIS = (
    r"strike\s+groups? strike\s+capabilit\w* strike\s+packages? information\s+operations? information\s+space"
    r" rhetoric\w* petition\w* criticiz\w* criticis\w* discuss\w* faulting reiterat\w* emphasi[sz]\w*"
    r" will\s+continue are\s+preparing\s+to is\s+preparing\s+to are\s+attempting\s+to"
)

LOSSES = r"losses personnel втрат\w* особового\s+складу потер\w* личного\s+состава"

# Not one incident: running totals since the war began, habitual shelling, deaths at the front told as an
# obituary, investigations and legal qualifications of a strike told elsewhere (issue 17, error class 2).
NOT_INCIDENT = (
    r"since\s+the\s+(?:start|beginning|outbreak)\s+of\s+(?:the\s+)?(?:full-scale\s+)?(?:war|invasion)"
    r" since\s+(?:february\s+24|24\s+february) з\s+початку\s+(?:повномасштабн\w*|війни|вторгнення|великої\s+війни|агресії)"
    r" від\s+початку\s+(?:повномасштабн\w*|війни|вторгнення) с\s+начала\s+(?:войны|вторжения|сво|специальной|конфликта)"
    r" за\s+весь\s+період за\s+время\s+(?:войны|сво|специальной)"
    r" regularly every\s+day routinely регулярно щодня щоденно систематично нещадно ежедневно систематически"
    r" з\s+моменту\s+звільнення"
    r" killed\s+in\s+action died\s+defending fell\s+in\s+battle загинув\s+(?:захищаючи|на\s+фронті|у\s+бою)"
    r" загинула\s+(?:захищаючи|на\s+фронті) погиб\w*\s+(?:при\s+выполнении|в\s+зоне\s+(?:сво|специальной)|в\s+ходе\s+(?:сво|специальной))"
    r" будет\s+похоронен похорон\w* funeral\w* прощання\s+з прощание\s+с"
    r" розслідуват\w* розслідуванн\w* кримінальн\w*\s+провадженн\w* уголовн\w*\s+дел\w* расследова\w*"
    r" will\s+investigate opened\s+an?\s+investigation criminal\s+proceedings?"
    r" кваліфіку\w* квалифициру\w*"
    r" memorial\w* pay\w*\s+(?:their\s+)?respects honou?r\w*\s+(?:the\s+)?(?:fallen|memory|soldiers|defenders)"
    r" вшанува\w*\s+пам\W?ят\w* почтить\s+память"
    r" aid\s+package package\s+of\s+(?:military\s+)?(?:aid|assistance) the\s+package пакет\w*\s+(?:військової\s+)?допомог\w*"
    r" пакет\w*\s+(?:военной\s+)?помощ\w* signed\s+(?:a\s+)?(?:decree|law|bill) підписав\s+(?:указ|закон)"
    r" подписал\s+(?:указ|закон) not\s+the\s+first\s+time at\s+least\s+\w+\s+(?:other\s+)?times"
    r" вже\s+не\s+вперше уже\s+не\s+впервые не\s+первый\s+случай legitimate\s+(?:military\s+)?targets?"
    r" vow\w* pledg\w* promis\w* предложил\w* запропонува\w* пообеща\w* пообіця\w* обіця\w* обеща\w*"
    r" to\s+purchase to\s+provide\s+ukraine will\s+be\s+provided"
    r" supplies\s+of supply\s+of our\s+task постачанн\w* поставк\w*"
    r" наше\s+завдання наша\s+задача to\s+increase збільшити увеличить"
    r" дякую thank\s+you спасибо дозволить позволит will\s+allow military\s+aid військов\w*\s+допомог\w*"
    r" военн\w*\s+помощ\w* this\s+package drawdown реабілітац\w* реабилитац\w* rehabilitat\w*"
    r" перебува\w*\s+(?:у|в)\s+лікарн\w* находятся\s+в\s+больниц\w*"
    r" lost\s+(?:up\s+to\s+|over\s+|more\s+than\s+|about\s+|nearly\s+)?[\d,]+\s+(?:servicemen|soldiers|troops)"
    r" вдарте ударьте бийте бейте"
)
