"""Target stems (the schema's target classes) and the phrases that qualify them.

Data only: trilingual (en/uk/ru) word stems as whitespace-separated regex fragments, compiled
by ``sitroom.reading.classify``. Matched on lower-cased text, each stem at a word start."""

TARGETS: dict[str, str] = {
    "residential": r"residential residentail residental houses? homes?(?!\w) apartments? residences? high-rise multi-storey multistorey"
        r" block\s+of\s+flats tower\s+blocks? dwelling dormitor\w* neighbou?rhoods? civilian\s+(?:buildings?|areas?|houses?)"
        r" pavement sidewalk playgrounds? courtyards? дитяч\w*\s+майданчик\w* подвір'я двор(?:а|е|у|ом|ы|ов|ах)?(?!\w)"
        r" private\s+sector житлов будинк будинок багатоповерх п'ятиповерх дев'ятиповерх квартир приватн\w*\s+сектор"
        r" жил[оыа]\w* жил[ьи]\w* дом(?:а|у|ом|е|ов|ами|ах)?(?!\w) многоэтаж многоквартир частн\w*\s+сектор",
    "energy": r"energy power\s+plant power\s+station sub-?station electrical\s+(?:grid|network|infrastructure) dams?(?!\w) tec-?\d*(?!\w) thermal\s+power tpp chp hpp npp nuclear\s+power"
        r" hydroelectric hydro-?\s?electric power\s+grid power\s+lines? electricity power\s+infrastructure gas\s+production"
        r" gas\s+infrastructure gas\s+facilit oil\s+depot oil\s+refinery refinery fuel\s+depot oil\s+terminal"
        r" oil\s+pipeline pipeline енерг тес(?!\w) теc(?!\w) тец гес(?!\w) аес підстанц електр газовидоб нафтобаз нафтопереробн"
        r" нпз нафтопровід енергооб'єкт энерг тэс тэц гэс oil\s+tanks? fuel\s+tanks? аэс подстанц нефтебаз нефтеперераб нефтепровод"
        r" электр газов\w*\s+инфраструкт газов\w*\s+інфраструкт трубопровод",
    "railway": r"railway railroad rail train trains locomotive traction\s+substations? залізни укрзалізниц поїзд потяг локомотив депо"
        r" железнодорож ржд поезд электрич",
    "transport": r"bridge roads? highway ports?(?!\w) seaport airport bus(?:es)?(?!\w) minibus trolleybus tram cars? vehicle garages?"
        r" coach\s+station metro"
        r" transport infrastructure\s+of\s+transport logistic міст(?!\w) дорог траса трасу порт(?:у|ом|і|и|ів|а|е|ы|ов|ах)?(?!\w)"
        r" аеропорт аэропорт автобус маршрутк тролейбус троллейбус трамва автомоб легков"
        r" мост(?:а|у|ом|е|ы|ов|ами|и|ів|і)?(?!\w) транспорт",
    "healthcare": r"hospitals? clinic medical ambulance maternity health\s+(?:facilit|cent) pharmacy sanatorium sanitorium"
        r" rehabilitation\s+cent(?:re|er) nursing\s+home care\s+home retirement\s+home old\s+(?:person|people)'?s'?\s+home аптек санатор лікарн медичн медзаклад поліклінік"
        r" амбулатор швидк\w*\s+допомог пологов больниц поликлиник медицин роддом госпитал шпитал скор\w*\s+помощ",
    "education": r"schools? preschool kindergarten nursery university college lyceum gymnasium educat\w* orphanage"
        r" boarding\s+school children's\s+home pedagogical\s+institute academy інтернат школ дитсад"
        r" дитяч\w*\s+садо садочок садок університет ліце[йюї] коледж гімназ навчальн детск\w*\s+сад детсад"
        r" университет лице[йяюеи] колледж гимназ учебн",
    "industry": r"industrial factory plant enterprise warehouse brewery farm agricultural chemical\s+(?:plant|facilit)"
        r" pumping\s+station water\s+(?:supply|treatment|utility|works) grain\s+dryers? manufactur\w* iron\s+works steel\s+works grain\s+(?:terminal|depot) агропідприєм grain\s+elevator elevator defen[cs]e\s+industry"
        r" підприємств завод фабрик промисл промзон склад(?:и|ы|ів|ом|ах|ами|а|ов|е)?(?!\w) елеватор водоканал предприят промышлен промзон впк элеватор",
    "commercial": r"shops? stores? commercial market supermarket bank\s+(?:branch|building|office) cinema shopping\s+(?:centre|center|mall) mall restaurant cafe hotel"
        r" business(?:es)? petrol\s+station gas\s+station filling\s+station post\s+office nova\s+poshta zoo car\s+dealership car\s+wash gym"
        r" магазин ринок рынок кінотеатр кинотеатр тц(?!\w) трц(?!\w) торгов кафе(?!\w) ресторан готел гостиниц супермаркет азс заправк нов\w*\s+пошт",
    "government": r"administration(?:'s)?\s+building administrative(?!\s+(?:border|boundar)) (?:city|state|district|town)\s+administration city\s+council"
        r" correctional\s+facilit prison penal\s+colony колоні\w* в'язниц тюрьм колони\w* police\s+(?:building|department|headquarters)"
        r" prosecutor's\s+office detention\s+cent(?:re|er) fire\s+(?:station|department) security\s+service"
        r" поліці\w*\s+(?:будів|відділ) відділк\w*\s+поліці прокуратур пожежн\w*\s+(?:частин|депо) отдел\w*\s+полиции city\s+hall town\s+hall"
        r" government\s+building regional\s+administration police\s+station courts?(?!\w) адміністрац міськрад"
        r" селищн\w*\s+рад сільрад ова ода администрац горсовет мэри здани\w*\s+правительств",
    "religious": r"church cathedral monastery religious prayer\s+hall tserkva mosque synagogue temple церкв церков собор монастир монастыр храм мечет синагог лавр[аиіуе]?(?!\w)",
    "communications": r"tv\s+(?:tower|mast) television\s+(?:tower|mast) telecom communications?\s+(?:tower|infrastructure|facilit) mobile\s+network"
        r" radio\s+tower телевеж (?:веж\w*|вишк\w*|вузол|вузл\w*|засоб\w*|лінії|об'єкт\w*|інфраструктур\w*)\s+зв'язку телебашн ретранслятор вишк[аиу] вышк[аиу] связ\w*\s+инфраструкт",
    "military": r"military\s+(?:target|facilit|base|unit|equipment|airfield|object) positions? airfield airbase air\s+base"
        r" ammunition\s+(?:depot|dump|storage)s? ammo\s+(?:depot|dump)s? arms\s+depots? weapons?\s+depots? arsenal"
        r" command\s+post headquarters barracks radar"
        r" air\s+defen[cs]e\s+systems? військов\w*\s+(?:об'єкт|частин|аеродром|техн) позиці аеродром"
        r" склад\w*\s+(?:з\s+)?(?:\w+\s+)?боєприпас склад\w*\s+бк(?!\w) арсенал командн\w*\s+пункт штаб казарм техніку"
        r" зрк рлс военн\w*\s+(?:объект|част|аэродром|техн|склад) військов\w*\s+склад позици аэродром"
        r" склад\w*\s+(?:с\s+)?(?:\w+\s+)?боеприпас пункт\w*\s+управлени технику",
    "other": r"museum theatre theater library cultural culture\s+house (?:house|palace)\s+of\s+culture gallery"
        r" monument memorial (?:community|recreation|youth|cultural)\s+cent(?:re|er) city\s+square park stadium палац\w*\s+культури дворц\w*\s+культуры пам'ятник памятник cemetery humanitarian"
        r" музей театр бібліотек будинок\s+культури парк стадіон кладовищ гуманітарн библиотек дом\s+культуры"
        r" стадион кладбищ гуманитарн",
}

MILITARY_DEPOT = (
    r"(?:ammunition|ammo|arms|weapons?)\s+(?:depot|dump|storage|warehouse)s? arsenals?"
    r" склад\w*\s+(?:з\s+|с\s+)?(?:\w+\s+)?(?:боєприпас|боеприпас)\w* склад\w*\s+бк(?!\w)"
    r" (?:військов|военн)\w*\s+склад\w*"
)

CIVILIANS = (
    r"civilians? residents? people children passers-by цивільн мирн\w*\s+(?:жител|мешкан|населен|людей) людей"
    r" люди дітей мирн\w*\s+жител жител\w* населени дети детей"
)
