"""Bank questions on energy, the home, target groups, housing and care, and the neighbourhood."""

from surveys.bankdata.build import dk, none_of_these, not_applicable, opt, q, something_else

GRADE_HELP_NL = "Geef een cijfer van 1 tot en met 10. 1 is heel slecht, 10 is heel goed."
GRADE_HELP_EN = "Give a mark from 1 to 10. 1 is very bad, 10 is very good."
MORE_THAN_ONE = ("U kunt meer dan één antwoord kiezen.", "You can choose more than one answer.")
UP_TO_THREE = ("Kies 1, 2 of 3 antwoorden.", "Choose 1, 2 or 3 answers.")
NO_SIGN_UP_NL = "Met deze vragenlijst meldt u zich nergens voor aan. We willen weten hoeveel "
NO_SIGN_UP_EN = "This questionnaire does not sign you up for anything. We want to know how many "
NO_SCOOTER = not_applicable("Ik heb geen scootmobiel", "I have no mobility scooter")
LABEL_HELP_NL = "Het energielabel laat zien hoe zuinig een huis is. A is heel zuinig, G niet."
LABEL_HELP_EN = "The energy label shows how efficient a home is. A is very efficient, G is not."

QUESTIONS = [
    # -- Duurzaamheid en energie (T6) ------------------------------------------------
    q(
        "duurzaamheid.energielabel",
        "single",
        "Welk energielabel heeft uw huis?",
        "What is your home's energy label?",
        help_nl=f"{LABEL_HELP_NL} U vindt het label bij uw verhuurder of op ep-online.nl.",
        help_en=f"{LABEL_HELP_EN} Your landlord or ep-online.nl can tell you the label.",
        options=[
            opt("a", "A of beter (A+, A++ …)", "A or better (A+, A++ …)"),
            opt("b", "B", "B"),
            opt("c", "C", "C"),
            opt("d", "D", "D"),
            opt("e", "E", "E"),
            opt("f", "F", "F"),
            opt("g", "G", "G"),
            dk(),
        ],
        rp=3,
    ),
    q(
        "duurzaamheid.winterproblemen",
        "multiple",
        "Welke problemen heeft u in de winter in uw huis?",
        "Which problems do you have in your home in winter?",
        help_nl=MORE_THAN_ONE[0],
        help_en=MORE_THAN_ONE[1],
        options=[
            opt("tocht", "Het tocht", "Draughts"),
            opt("schimmel", "Vocht of schimmel", "Damp or mould"),
            opt("koude_vloer", "Koude vloeren", "Cold floors"),
            opt("hoge_rekening", "Een hoge energierekening", "A high energy bill"),
            something_else("Een ander probleem", "Another problem"),
            none_of_these("Geen van deze problemen", "None of these problems"),
        ],
        rp=3,
    ),
    q(
        "duurzaamheid.huur_na_isolatie",
        "single",
        "Stel: uw huis wordt beter geïsoleerd. Uw energierekening daalt dan. Mag uw huur dan "
        "omhoog?",
        "Suppose your home is insulated better and your energy bill falls. May your rent then "
        "go up?",
        help_nl="Isoleren houdt de warmte in huis. Denk aan dubbel glas of een geïsoleerde vloer "
        "of dak.",
        help_en="Insulation keeps the heat inside. Think of double glazing or an insulated "
        "floor or roof.",
        options=[opt("ja", "Ja", "Yes"), opt("nee", "Nee", "No"), dk()],
        rp=3,
    ),
    q(
        "duurzaamheid.huur_na_isolatie_hoeveel",
        "single",
        "Hoeveel mag de huur na isoleren omhoog?",
        "How much may the rent go up after insulation?",
        help_nl="Bijvoorbeeld: u bespaart € 20 per maand op energie.",
        help_en="For example: you save € 20 a month on energy.",
        options=[
            opt("minder", "Minder dan wat ik bespaar", "Less than I save"),
            opt("evenveel", "Evenveel als wat ik bespaar", "As much as I save"),
            opt("meer", "Meer dan wat ik bespaar", "More than I save"),
            dk(),
        ],
        rp=3,
    ),
    q(
        "duurzaamheid.volgorde",
        "single",
        "Welke huizen moet de woningcorporatie als eerste zuiniger maken?",
        "Which homes should the housing corporation make more efficient first?",
        help_nl=LABEL_HELP_NL,
        help_en=LABEL_HELP_EN,
        options=[
            opt("alle_b", "Alle huizen snel naar label B", "All homes to label B quickly"),
            opt(
                "slechtste",
                "Eerst de huizen met label E, F of G",
                "The homes with label E, F or G first",
            ),
            opt("direct_a", "Huizen meteen naar label A", "Homes straight to label A"),
            dk(),
        ],
        rp=3,
    ),
    q(
        "duurzaamheid.zonnepanelen",
        "yesno",
        "Wilt u zonnepanelen op het dak van uw huis of flat?",
        "Would you like solar panels on the roof of your home or flat?",
        help_nl="Zonnepanelen maken stroom van zonlicht. U betaalt daar meestal elke maand iets "
        "voor, bijvoorbeeld € 10. Uw energierekening wordt dan lager.",
        help_en="Solar panels turn sunlight into electricity. You usually pay a monthly amount "
        "for them, for example € 10. Your energy bill then falls.",
        rp=3,
    ),
    q(
        "duurzaamheid.aardgasvrij",
        "likert5",
        "Maakt u zich zorgen over koken en verwarmen zonder gas?",
        "Do you worry about cooking and heating without gas?",
        help_nl="In 2050 moeten alle huizen in Nederland van het gas af. U kookt dan "
        "bijvoorbeeld elektrisch. Uw huis wordt dan verwarmd met een warmtepomp of "
        "stadsverwarming.",
        help_en="By 2050 every home in the Netherlands must be off gas. You then cook on "
        "electricity, for example, and heat the home with a heat pump or district heating.",
        scale="worried",
        rp=3,
    ),
    q(
        "duurzaamheid.energiecoach",
        "yesno",
        "Zou u tips willen van een energiecoach?",
        "Would you like tips from an energy coach?",
        help_nl="Een energiecoach is een vrijwilliger. Hij of zij geeft gratis tips om energie "
        "te besparen. " + NO_SIGN_UP_NL + "mensen dat willen.",
        help_en="An energy coach is a volunteer who gives free tips on saving energy. "
        + NO_SIGN_UP_EN
        + "people would like that.",
        rp=3,
    ),
    # -- Kwaliteit en onderhoud (T7) -------------------------------------------------
    q(
        "kwaliteit.cijfer_woning",
        "grade",
        "Hoe goed is uw huis onderhouden? Geef een cijfer.",
        "How well is your home kept up? Give a mark.",
        help_nl=GRADE_HELP_NL,
        help_en=GRADE_HELP_EN,
        options=[dk()],
        rp=3,
    ),
    q(
        "kwaliteit.verbeterpunten",
        "multiple",
        "Wat moet in uw huis het eerst beter?",
        "What in your home most needs improving?",
        help_nl=UP_TO_THREE[0],
        help_en=UP_TO_THREE[1],
        options=[
            opt("keuken", "De keuken", "The kitchen"),
            opt("badkamer", "De badkamer of het toilet", "The bathroom or toilet"),
            opt("ramen", "Ramen en deuren", "Windows and doors"),
            opt("ventilatie", "De ventilatie", "Ventilation"),
            opt("sloten", "Sloten en veiligheid tegen inbraak", "Locks and burglary safety"),
            opt("toegankelijk", "Drempels en trappen", "Thresholds and stairs"),
            something_else(),
            none_of_these("Niets, alles is goed", "Nothing, all is fine", code="niets"),
        ],
        settings={"max_selections": 3},
        rp=3,
    ),
    q(
        "kwaliteit.reparaties",
        "likert5",
        "Hoe tevreden bent u over reparaties aan uw huis in de afgelopen 12 maanden?",
        "How satisfied are you with repairs to your home in the past 12 months?",
        help_nl="Denk aan de laatste keer dat er iets kapot was.",
        help_en="Think of the last time something was broken.",
        scale="satisfied",
        options_extra=[not_applicable("Er was niets kapot", "Nothing was broken")],
    ),
    # -- Doelgroepen (T8) ------------------------------------------------------------
    q(
        "doelgroepen.jongeren",
        "likert5",
        "In mijn dorp of stad zijn genoeg betaalbare huizen voor jongeren onder de 23 jaar.",
        "In my village or town there are enough affordable homes for young people under 23.",
        scale="agree",
        rp=5,
    ),
    q(
        "doelgroepen.tijdelijke_woningen",
        "likert5",
        "Er moeten tijdelijke huizen komen voor mensen die met spoed een huis nodig hebben.",
        "There should be temporary homes for people who urgently need a home.",
        help_nl="Bijvoorbeeld na een scheiding. In een tijdelijk huis kunt u een paar jaar wonen.",
        help_en="For example after a divorce. You can live in a temporary home for a few years.",
        scale="agree",
        rp=5,
    ),
    q(
        "doelgroepen.statushouders",
        "single",
        "Hoe moeten vluchtelingen die hier mogen blijven een huis krijgen?",
        "How should refugees who may stay here get a home?",
        help_nl="De gemeente moet deze vluchtelingen een huis geven. Dat staat in de wet.",
        help_en="The gemeente must give these refugees a home. The law says so.",
        options=[
            opt("extra", "In extra of tijdelijke huizen", "In extra or temporary homes"),
            opt("vast_deel", "Met een vast deel van de lege huizen", "With a fixed share"),
            opt("delen", "Door met een paar mensen een huis te delen", "By sharing a home"),
            something_else("Op een andere manier", "In another way"),
            dk(),
        ],
        rp=5,
    ),
    q(
        "doelgroepen.mantelzorgers",
        "likert5",
        "Mantelzorgers moeten voorrang krijgen op een huis dicht bij wie zij verzorgen.",
        "Informal carers should get priority for a home near the person they care for.",
        help_nl="Een mantelzorger zorgt lange tijd voor iemand, zonder daarvoor geld te krijgen. "
        "Bijvoorbeeld voor "
        "een zieke ouder of partner. Andere mensen wachten dan soms langer op een huis.",
        help_en="An informal carer looks after someone for a long time without pay, such as an "
        "ill parent or partner. Others then sometimes wait longer for a home.",
        scale="agree",
        rp=4,
    ),
    # -- Wonen en zorg (T9) ----------------------------------------------------------
    q(
        "zorg.blijven_wonen",
        "yesno",
        "Kunt u in uw huis blijven wonen als u minder goed kunt lopen?",
        "Could you stay in your home if you became less mobile?",
        help_nl="Denk aan trappen, drempels en de badkamer.",
        help_en="Think of stairs, thresholds and the bathroom.",
        rp=4,
    ),
    q(
        "zorg.geclusterd",
        "likert5",
        "Als ik ouder ben, wil ik dicht bij zorg wonen.",
        "When I am older, I would like to live close to care.",
        help_nl="Bijvoorbeeld dicht bij een huisarts, of in een gebouw met thuiszorg.",
        help_en="For example close to a GP, or in a building with home care.",
        scale="agree",
        rp=4,
    ),
    q(
        "zorg.ontmoeting_dichtbij",
        "likert5",
        "Als ik ouder ben, wil ik dicht bij een plek wonen waar ik anderen ontmoet.",
        "When I am older, I would like to live close to a place where I meet others.",
        help_nl="Bijvoorbeeld een buurthuis of een ruimte voor koffie en activiteiten.",
        help_en="For example a community centre or a room for coffee and activities.",
        scale="agree",
        rp=4,
    ),
    q(
        "zorg.scootmobiel",
        "yesno",
        "Is er bij uw huis een veilige plek om een scootmobiel neer te zetten?",
        "Is there a safe place at your home to park a mobility scooter?",
        options_extra=[NO_SCOOTER],
        rp=4,
    ),
    q(
        "zorg.scootmobiel_opladen",
        "yesno",
        "Kunt u een scootmobiel bij uw huis veilig opladen?",
        "Can you charge a mobility scooter safely at your home?",
        options_extra=[NO_SCOOTER],
        rp=4,
    ),
    q(
        "zorg.wmo",
        "yesno",
        "Weet u waar u een aanpassing in uw huis kunt aanvragen?",
        "Do you know where to apply for an adaptation to your home?",
        help_nl="Bijvoorbeeld een traplift of beugels in de badkamer. Dat vraagt u meestal aan "
        "bij de gemeente, via de Wmo. De Wmo is de wet die helpt om thuis te blijven wonen.",
        help_en="For example a stairlift or grab rails in the bathroom. You usually apply to the "
        "gemeente under the Wmo, the law that helps people keep living at home.",
        rp=4,
    ),
    # -- Leefbaarheid en veiligheid (T10) --------------------------------------------
    q(
        "leefbaarheid.cijfer_buurt",
        "grade",
        "Welk cijfer geeft u uw buurt als plek om te wonen?",
        "What mark do you give your neighbourhood as a place to live?",
        help_nl=GRADE_HELP_NL,
        help_en=GRADE_HELP_EN,
        options=[dk()],
        rp=6,
    ),
    q(
        "leefbaarheid.cijfer_veiligheid",
        "grade",
        "Hoe veilig is uw buurt? Geef een cijfer.",
        "How safe is your neighbourhood? Give a mark.",
        help_nl=GRADE_HELP_NL,
        help_en=GRADE_HELP_EN,
        options=[dk()],
        rp=6,
    ),
    q(
        "leefbaarheid.problemen",
        "multiple",
        "Welke problemen waren er de afgelopen 12 maanden in uw straat of flat?",
        "Which problems were there in your street or building in the past 12 months?",
        help_nl=MORE_THAN_ONE[0],
        help_en=MORE_THAN_ONE[1],
        options=[
            opt("overlast", "Overlast van buren of anderen", "Nuisance from neighbours or others"),
            opt("zwerfvuil", "Afval op straat", "Litter"),
            opt("vernieling", "Vernielingen", "Vandalism"),
            opt("drugs", "Drugs, of wiet kweken in huis", "Drugs or cannabis growing"),
            opt("inbraak", "Inbraak", "Burglary"),
            opt("eenzaamheid", "Mensen die eenzaam zijn", "Lonely people"),
            opt("verlichting", "Slechte straatverlichting", "Poor street lighting"),
            opt("groen", "Slecht onderhouden groen", "Poorly kept greenery"),
            something_else("Een ander probleem", "Another problem"),
            none_of_these(),
        ],
        rp=6,
    ),
    q(
        "leefbaarheid.ontmoetingsplek",
        "yesno",
        "Is er op loopafstand een plek waar u buren kunt ontmoeten?",
        "Is there a place within walking distance where you can meet neighbours?",
        help_nl="Bijvoorbeeld een buurthuis of een ruimte voor bewoners in uw flat.",
        help_en="For example a community centre or a residents' room in your building.",
        rp=6,
    ),
    q(
        "leefbaarheid.ontmoetingsplek_gebruik",
        "yesno",
        "Zou u naar een plek gaan waar u buren kunt ontmoeten?",
        "Would you go to a place where you can meet neighbours?",
        rp=6,
    ),
    q(
        "leefbaarheid.zelfbeheer",
        "yesno",
        "Wilt u helpen om uw straat of flat netjes te houden?",
        "Would you help keep your street or building tidy?",
        help_nl="Bijvoorbeeld met schoonmaken of het bijhouden van het groen. "
        + NO_SIGN_UP_NL
        + "mensen willen helpen.",
        help_en="For example with cleaning or looking after the greenery. "
        + NO_SIGN_UP_EN
        + "people would help.",
        rp=6,
    ),
    q(
        "leefbaarheid.bewonerscommissie",
        "yesno",
        "Wilt u meedoen in een bewonerscommissie?",
        "Would you join a residents' committee?",
        help_nl="Een bewonerscommissie praat namens de bewoners van een flat of straat met de "
        "verhuurder. " + NO_SIGN_UP_NL + "mensen willen meedoen.",
        help_en="A residents' committee speaks for the residents of a building with the "
        "landlord. " + NO_SIGN_UP_EN + "people would join.",
        rp=6,
    ),
    q(
        "leefbaarheid.openbare_ruimte",
        "likert5",
        "Hoe tevreden bent u over de straten en stoepen in uw buurt?",
        "How satisfied are you with the streets and pavements in your area?",
        scale="satisfied",
        rp=6,
    ),
    q(
        "leefbaarheid.groen",
        "likert5",
        "Hoe tevreden bent u over het groen in uw buurt?",
        "How satisfied are you with the greenery in your area?",
        help_nl="Bijvoorbeeld bomen, struiken, gras en parken.",
        help_en="For example trees, bushes, grass and parks.",
        scale="satisfied",
        rp=6,
    ),
]
