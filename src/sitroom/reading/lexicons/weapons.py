"""Weapon stems (the schema's weapon classes, specific before generic) and the phrases that undo them.

Data only: trilingual (en/uk/ru) word stems as whitespace-separated regex fragments, compiled
by ``sitroom.reading.classify``. Matched on lower-cased text, each stem at a word start."""

WEAPONS: dict[str, str] = {
    "shahed": r"shahed шахед геран\w* ґеран\w* geran-?2? geran",
    "fpv_drone": r"fpv fpv-\w+ фпв fibre-optic fiber-optic оптоволок",
    "ballistic_missile": r"ballistic балістичн баллистическ iskander іскандер искандер kn-2[34] кн-2[34] tochka точк[аиу]-?у"
        r" atacms kinzhal кинджал кинжал kh-47 х-47 oreshnik орешник",
    "cruise_missile": r"cruise крилат крылат kalibr калібр калибр kh-?\s?(?:101|555|22|32|59|69|35) х-?\s?(?:101|555|22|32|59|69|35)"
        r" tomahawk storm\s+shadow scalp taurus neptune нептун onyx oniks онікс оникс zircon циркон"
        r" flamingo фламінго",
    "guided_bomb": r"kabs?(?!\w) каб(?:и|ів|ами|ом|ах|у|а|ы|ов)?(?!\w) guided\s+bombs? glide\s+bombs? gliding\s+bombs? aerial\s+bombs? air\s+bombs?"
        r" умпк umpk fab(?:-?\d+\w*|s)?(?!\w) фаб(?:-?\d+\w*|и|ів|ами|ы|ов)?(?!\w) jdam авіабомб авиабомб керован\w*\s+авіаційн\w*\s+бомб"
        r" управляем\w*\s+авиа\w*\s+бомб",
    "mlrs": r"mlrs multiple\s+rocket\s+launch\w* multiple\s+launch multiple-launch multiple-rocket\s+launch\w* \d{3}\s?mm\s+(?:he\s+)?rockets?"
        r" rocket\s+barrages? grads?(?!\w) град(?:а|и|у|ом|ами|ів|ов)?(?!\w) uragan ураган smerch смерч"
        r" tornado торнадо himars хаймарс m270 bm-2[17] бм-2[17] bm-30 бм-30 tos-1\w* тос-1\w* рсзв рсзо"
        r" rocket\s+artillery реактивн",
    "cluster_munition": r"cluster касетн кассетн submunition суббоеприпас cargo\s+(?:warheads?|sections?|missiles?|rockets?)"
        r" bomblet 9n2\d\d 9н2\d\d rocket\s+motors? 9m55k 9м55к 9m27k 9м27к 9m54\d? 9м54\d? rbk-?\d* рбк-?\d*",
    "aircraft": r"airstrike air\s+strike air\s+raid\s+by aircraft s-(?:5|8|13|24)\s+rockets? parachute-retarded"
        r" (?:unguided|free-fall|dumb|parachute)\s+bombs? warplane fighter\s+jet jets? bomber bombing"
        r" bombed su-\d+ су-\d+ tu-\d+ ту-\d+ helicopter ka-52 ка-52 mi-\d+ мі-\d+ ми-\d+ авіаудар авиаудар"
        r" авіаці авиаци літак самол[её]т вертол[іь]т вертолет бомбардув бомбардир бомбил",
    "artillery": r"artillery mortars? howitzers? cannon tube\s+artillery 152\s?mm 122\s?mm(?!\s+(?:he\s+)?rocket) 155\s?mm артилер артиллер"
        r" мінометн миномет гаубиц ствольн self-propelled\s+gun",
    "missile": r"missiles? rockets? ракет s-300 с-300 s-400 с-400",
    "drone": r"drones? uavs? unmanned безпілот беспилот бпла бпла дрон\w* дронов lancet ланцет quadcopter"
        r" квадрокоптер mavic loitering\s+munition kamikaze камікадзе камикадзе",
    "armor": r"tanks? tank\s+fire armou?red\s+(?:vehicles?|column|convoy) military\s+vehicles? bmd-?\d? apcs? ifvs? bmp-?\d? бмп btr бтр танк\w*",
    "small_arms": r"small\s+arms gunfire gunmen rifles? machine-?\s?guns? sniper автомат(?:а|и|ів|ов|ами|ом|у|ы|н\w*)?(?!\w) стрілецьк стрелков кулемет"
        r" пулемет снайпер shot\s+dead shot\s+and\s+killed opened\s+fire\s+on\s+(?:civilians|a\s+car|people)"
        r" розстріля расстреля bullets? gunshots? (?:came|come|comes|coming)\s+under\s+(?:small\s+arms\s+)?fire"
        r" shot\s+(?:at|in|by|through|to\s+death|and\s+(?:injured|wounded|killed)) shots\s+fired firefights? shooting\s+(?:of|at) shoot\s+at executed execution ambush\w*"
        r" rocket-propelled\s+grenade rpg-?\d* застрели\w* вогнепальн огнестрельн",
    "mine_ied": r"landmines? mines? (?:anti-tank|anti-personnel)\s+mines? ied improvised\s+explosive explosive\s+device"
        r" booby\s+trap tripwire мін(?:а|и|у|ою|і|ами|ах)?(?!\w) мінн\w* протипіхот протитанков"
        r" мин(?:а|ы|у|е|ой|ами|ах)?(?!\w) минн\w* противопехот противотанков вибухов\w*\s+пристр взрывн\w*\s+устройств"
        r" розтяжк растяжк свп сву вву"
        # blowing something up: sabotage with a charge (a bridge, a rail line, a dam)
        r" blew\s+up blown\s+up підірва\w* подорва\w* взорва(?:л|ли|ла|ло|н|на|но|ны)(?!\w)",
    "cyber": r"cyber\w* ddos hackers? hacked кібер\w* кибер\w* хакер\w*",
    "other": r"incendiary thermite white\s+phosphorus phosphorus термит запалювальн зажигательн фосфор"
        r" thermobaric термобар flamethrower",
}

GENERIC_SHELLING = r"shelling shelled shells? обстріл обстрел bombardment"

NOT_MINE = r"coal\s+mines? salt\s+mines? mine\s+shaft"

NOT_TANK = r"(?:fuel|oil|storage|water|gas)\s+tanks? tank\s+farm tank\s+engine tank\s+of танкер"

AIRFIELD = r"airfields? airbases? air\s+base аеродром\w* аэродром\w*"

SAM_TARGET = (
    r"(?:anti-aircraft|surface-to-air|air\s+defen[cs]e)\s+missile\s+(?:systems?|launchers?) sams?"
    r" зенітн\w*\s+ракетн\w*\s+комплекс\w* зенитн\w*\s+ракетн\w*\s+комплекс\w* зрк"
)

DRONE_CAMERA = r"drone\s+(?:footage|video|videos|image|images|imagery|camera|view|shot|shots)"
