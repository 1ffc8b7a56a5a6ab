"""Side words: Russian and Ukrainian actors, places held by Russia, Ukrainian weapons.

Data only: trilingual (en/uk/ru) word stems as whitespace-separated regex fragments, compiled
by ``sitroom.reading.classify``. Matched on lower-cased text, each stem at a word start."""

RU_ACTOR = (
    r"russian\s+(?:forces|troops|army|military|shelling|strikes?|attacks?|missiles?|drones?|aircraft|artillery|"
    r"aviation|occupiers|soldiers|servicemen|units|army|airstrike|air\s+strike|bombs?|invaders|jets|"
    r"sabotage|assault|offensive|armed\s+forces|ministry\s+of\s+defen[cs]e|mod|fpv|glide\s+bombs?)"
    r" russia\s+(?:launched|attacked|struck|shelled|fired|hit|targeted|bombed|used) russians occupiers"
    r" invaders окупант\w* окупац\w*\s+військ\w* росіян\w* рашист\w* ворог\w* ворож\w* російськ\w*\s+(?:військ\w*|армі\w*|окупант\w*|"
    r"ракет\w*|дрон\w*|удар\w*|обстріл\w*|військов\w*|загарбник\w*|сил\w*|авіаці\w*|бомб\w*|штурм\w*|артилері\w*)"
    r" росія\s+(?:атакувала|вдарила|обстріляла|запустила) рф\s+(?:атакувала|вдарила|обстріляла) зс\s+рф вс\s+рф"
    r" армія\s+рф армия\s+рф оккупант\w* россиян\w* враг\w* российск\w*\s+(?:войск\w*|арми\w*|военн\w*|"
    r"ракет\w*|дрон\w*|удар\w*|обстрел\w*|сил\w*|авиаци\w*|бомб\w*|подразделени\w*|бпла|артиллери\w*)"
    r" росси[яи]\s+(?:атаковала|нанесла|ударила|обстреляла|запустила) вооруж\w*\s+сил\w*\s+росси\w*"
    r" группировк\w*\s+войск\w* минобороны\s+(?:рф|россии) міноборони\s+рф kremlin\s+forces"
)

UA_ACTOR = (
    r"ukrainian\s+(?:forces|troops|army|military|drones?|strikes?|attacks?|missiles?|artillery|aviation|"
    r"soldiers|servicemen|units|sabotage|special\s+forces|navy|defenders|sea\s+drones?|air\s+force|"
    r"counteroffensive|counterattack|fpv|defence\s+forces|defense\s+forces|partisans|armed\s+forces|sbu|hur|gur)"
    r" ukraine\s+(?:launched|attacked|struck|shelled|fired|hit|targeted|used) зсу сили\s+оборони"
    r" українськ\w*\s+(?:військ\w*|армі\w*|дрон\w*|удар\w*|військов\w*|захисник\w*|сил\w*|бійц\w*|безпілот\w*|"
    r"підрозділ\w*|артилерист\w*|артилері\w*|прикордонник\w*) захисник\w* вс[уу] всу\w* силы\s+обороны"
    r" украинск\w*\s+(?:войск\w*|арми\w*|военн\w*|дрон\w*|удар\w*|беспилот\w*|бпла|сил\w*|ракет\w*|"
    r"боевик\w*|диверсант\w*|формировани\w*|подразделени\w*|националист\w*|артиллери\w*) киевск\w*\s+режим\w* сбу гур hur"
    r" defen[cs]e\s+forces\s+of\s+ukraine ukrainian\s+general\s+staff боевик\w*\s+всу уразил\w* вразил\w*"
    r" partisans партизан\w*"
)

RU_PLACE = (
    r"belgorod бєлгород белгород kursk курськ курск bryansk брянськ брянск voronezh воронеж rostov ростов"
    r" krasnodar краснодар moscow москв oryol орел орл tula тул[аіыи] ryazan рязан saratov саратов"
    r" tatarstan татарстан novorossiysk новоросійськ новороссийск tuapse туапсе engels енгельс энгельс"
    r" crimea крим крым sevastopol севастопол kerch керч feodosi феодосі феодоси simferopol сімферопол"
    r" симферопол yevpatori євпатор евпатори taganrog таганрог lipetsk липецк smolensk смоленск"
    r" kaluga калуг pskov псков leningrad ленінград ленинград st\s+petersburg петербург"
    r" донецьку(?!\s+облас) донецьком донецьк(?!\w) донецке донецком донецк(?!\w) донецка(?!\w)"
    r" makiivka макіїв макеевк horlivka gorlovka горлівк горловк donetsk\s+city луганськ\s+місто"
    r" alchevsk алчевськ алчевск kadiivka кадіївк кадиевк stakhanov стаханов yenakiieve yenakiyevo єнакієв"
    r" енакиев khartsyzk харцизьк харцызск starobesheve старобешев старобешів debaltseve дебальцев"
    r" shakhtarsk шахтарськ шахтерск ilovaisk іловайськ иловайск dovzhansk довжанськ rovenky ровеньк"
    r" sorokyne сорокин krasnodon краснодон"
)

OCCUPIED = r"occupied тимчасово\s+окупован\w* окупован\w* оккупированн\w*"

UA_WEAPON = (
    r"ukrainian\s+(?:drones?|uavs?|missiles?|rockets?) українськ\w*\s+(?:дрон\w*|безпілот\w*|ракет\w*|бпла)"
    r" украинск\w*\s+(?:дрон\w*|беспилот\w*|ракет\w*|бпла|снаряд\w*) всу"
)
