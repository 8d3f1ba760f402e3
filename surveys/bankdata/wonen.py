"""Bank questions on affordability, finding a home, sale of homes and new construction."""

from surveys.bankdata.build import (
    dk,
    none_of_these,
    not_applicable,
    opt,
    q,
    rather_not_say,
    something_else,
)

MORE_THAN_ONE = ("U kunt meer dan één antwoord kiezen.", "You can choose more than one answer.")
WHERE_WHY = (
    "Noem de straat, de buurt of het dorp. Vertel ook waarom.",
    "Name the street, neighbourhood or village, and tell us why.",
)
MOVE_IF = [
    opt("zelfde_huur", "de huur niet hoger wordt", "the rent does not go up"),
    opt("hulp", "u hulp krijgt bij het verhuizen", "you get help with moving"),
    opt("buurt", "u in uw eigen buurt kunt blijven", "you can stay in your neighbourhood"),
    none_of_these("Ik wil niet verhuizen", "I do not want to move", code="nooit"),
    dk(),
]

QUESTIONS = [
    # -- Betaalbaarheid (T1) ---------------------------------------------------------
    q(
        "betaalbaarheid.woonlasten",
        "likert5",
        "Hoe makkelijk of moeilijk is het om elke maand uw huur en energierekening te betalen?",
        "How easy or hard is it to pay your rent and energy bill each month?",
        help_nl="Met de energierekening bedoelen we gas, stroom en warmte.",
        help_en="By the energy bill we mean gas, electricity and heating.",
        scale="easy",
        rp=2,
    ),
    q(
        "betaalbaarheid.huur_per_maand",
        "number",
        "Hoeveel huur betaalt u per maand?",
        "How much rent do you pay each month?",
        help_nl="Het gaat om de hele huur. Trek de huurtoeslag er niet vanaf.",
        help_en="We mean the whole rent. Do not subtract housing benefit.",
        settings={"min": 0, "max": 3000, "integer": True, "unit": {"nl": "euro", "en": "euros"}},
        options=[dk(), rather_not_say()],
        rp=2,
    ),
    q(
        "betaalbaarheid.inkomen_per_maand",
        "single",
        "Hoeveel geld komt er elke maand binnen voor iedereen in uw huis samen?",
        "How much money comes in each month for everyone in your home together?",
        help_nl="Tel loon, uitkering en pensioen bij elkaar. Het gaat om wat er op de bank "
        "komt. Huurtoeslag telt niet mee.",
        help_en="Add up wages, benefits and pensions: what arrives in the bank. Housing benefit "
        "does not count.",
        options=[
            opt("lt1000", "Minder dan € 1.000", "Less than € 1,000"),
            opt("1000-1499", "€ 1.000 tot en met € 1.499", "€ 1,000 to € 1,499"),
            opt("1500-1999", "€ 1.500 tot en met € 1.999", "€ 1,500 to € 1,999"),
            opt("2000-2999", "€ 2.000 tot en met € 2.999", "€ 2,000 to € 2,999"),
            opt("3000plus", "€ 3.000 of meer", "€ 3,000 or more"),
            dk(),
            rather_not_say(),
        ],
        rp=2,
    ),
    q(
        "betaalbaarheid.extra_huurverhoging",
        "single",
        "Mag de huur 1 procent extra omhoog? Bij € 600 huur is dat € 6 per maand.",
        "May the rent go up 1 per cent extra? On € 600 rent that is € 6 a month.",
        help_nl="Dat mag alleen als de huurdersorganisatie akkoord is. Het extra geld gaat dan "
        "naar de huizen.",
        help_en="This is only allowed if the tenants' organisation agrees. The extra money then "
        "goes to the homes.",
        options=[opt("ja", "Ja", "Yes"), opt("nee", "Nee", "No"), dk()],
        rp=2,
    ),
    q(
        "betaalbaarheid.extra_huur_waarvoor",
        "multiple",
        "Stel: de huur gaat 1 procent extra omhoog. Waar moet dat geld dan naartoe?",
        "Suppose the rent goes up 1 per cent extra. What should that money go to?",
        help_nl=MORE_THAN_ONE[0],
        help_en=MORE_THAN_ONE[1],
        options=[
            opt(
                "nieuwbouw", "Nieuwe huizen met een lage huur bouwen", "Building new low-rent homes"
            ),
            opt("isolatie", "Huizen isoleren, zodat de energierekening daalt", "Insulating homes"),
            opt("onderhoud", "Beter onderhoud, zoals reparaties en schilderwerk", "Better upkeep"),
            something_else(),
            dk(),
        ],
        rp=2,
    ),
    q(
        "betaalbaarheid.inkomenshuur_lokaal",
        "likert5",
        "Sommige huurders verdienen meer en betalen daarom extra huur. Dat geld moet naar huizen "
        "in mijn gemeente.",
        "Some tenants earn more and so pay extra rent. That money should go to homes in my "
        "gemeente.",
        help_nl="Het gaat om een inkomen vanaf ongeveer € 47.000 per jaar. Voor twee of meer "
        "mensen samen: vanaf € 54.000 per jaar.",
        help_en="This applies from about € 47,000 a year. For two or more people together: "
        "from € 54,000 a year.",
        scale="agree",
        rp=2,
    ),
    q(
        "betaalbaarheid.huurbevriezing",
        "likert5",
        "Huurders met de laagste inkomens moeten een jaar geen huurverhoging krijgen.",
        "Tenants with the lowest incomes should get no rent increase for a year.",
        help_nl="Dat kost geld. De woningcorporatie heeft dan minder geld voor onderhoud en "
        "nieuwe huizen.",
        help_en="That costs money. The housing corporation then has less money for upkeep and "
        "new homes.",
        scale="agree",
        rp=2,
    ),
    q(
        "betaalbaarheid.brief_huurverhoging",
        "likert5",
        "Hoe duidelijk was de brief over uw huurverhoging van dit jaar?",
        "How clear was this year's letter about your rent increase?",
        scale="clear",
        options_extra=[not_applicable("Ik heb geen brief gekregen", "I did not get a letter")],
    ),
    q(
        "betaalbaarheid.achterstand",
        "yesno",
        "Kon u in de afgelopen 12 maanden de huur een keer niet op tijd betalen?",
        "In the past 12 months, were you ever unable to pay the rent on time?",
        options=[
            opt("ja", "Ja", "Yes"),
            opt("nee", "Nee", "No"),
            rather_not_say(),
        ],
        rp=2,
    ),
    q(
        "betaalbaarheid.hulp_schulden",
        "multiple",
        "Waar kunt u hulp krijgen als u de huur niet kunt betalen?",
        "Where can you get help if you cannot pay the rent?",
        help_nl=MORE_THAN_ONE[0],
        help_en=MORE_THAN_ONE[1],
        options=[
            opt("corporatie", "Bij de woningcorporatie", "At the housing corporation"),
            opt("wijkteam", "Bij het wijkteam of sociaal team", "At the neighbourhood team"),
            opt("gemeente", "Bij de schuldhulp van de gemeente", "At the gemeente's debt help"),
            opt("anders", "Ergens anders", "Somewhere else"),
            dk("Dat weet ik niet", "I don't know"),
        ],
        rp=2,
    ),
    q(
        "betaalbaarheid.woonlasten_open",
        "open",
        "Wat zou u helpen om uw huur en energierekening beter te kunnen betalen?",
        "What would make your rent and energy bill easier to pay?",
        help_nl="Bijvoorbeeld hulp bij het aanvragen van huurtoeslag, of een zuiniger huis.",
        help_en="For example help with applying for housing benefit, or a more efficient home.",
    ),
    # -- Beschikbaarheid en woonruimteverdeling (T2, T3) -----------------------------
    q(
        "beschikbaarheid.zoekt_woning",
        "yesno",
        "Zoekt iemand in uw huis een andere huurwoning?",
        "Is anyone in your household looking for another rental home?",
        help_nl="Bijvoorbeeld uzelf, uw partner of een kind dat op zichzelf wil gaan wonen.",
        help_en="For example you, your partner, or a child who wants to live on their own.",
    ),
    q(
        "beschikbaarheid.zoekduur",
        "number",
        "Hoeveel maanden zoekt deze persoon al?",
        "For how many months has this person been looking?",
        help_nl="Tel vanaf de dag dat deze persoon zich inschreef om een huis te zoeken. "
        "Een jaar is 12 maanden.",
        help_en="Count from the day this person signed up to look for a home. A year is 12 months.",
        settings={"min": 0, "max": 600, "integer": True, "unit": {"nl": "maanden", "en": "months"}},
        options=[dk()],
        rp=1,
    ),
    q(
        "beschikbaarheid.aantal_sociale_huur",
        "single",
        "Hoeveel huizen met een lage huur moet uw gemeente hebben?",
        "How many low-rent homes should your gemeente have?",
        help_nl="Het gaat om huizen voor mensen met een lager inkomen.",
        help_en="We mean homes for people with a lower income.",
        options=[
            opt("minder", "Minder dan nu", "Fewer than now"),
            opt("gelijk", "Evenveel als nu", "As many as now"),
            opt("meer", "Meer dan nu", "More than now"),
            dk(),
        ],
        rp=1,
    ),
    q(
        "beschikbaarheid.voorrang",
        "ranking",
        "Wie moet voorrang krijgen op een huurhuis?",
        "Who should get priority for a rental home?",
        help_nl="Kies de 3 groepen die volgens u eerst aan de beurt zijn. Zet 1 bij de "
        "belangrijkste groep, 2 bij de volgende en 3 daarna.",
        help_en="Choose the 3 groups that should come first. Put 1 next to the most important "
        "group, 2 next to the second and 3 next to the third.",
        options=[
            opt("jongeren", "Jongeren onder de 23 jaar", "Young people under 23"),
            opt("ouderen", "Mensen van 65 jaar of ouder", "People aged 65 or over"),
            opt("zorg", "Mensen die zorg nodig hebben", "People who need care"),
            opt(
                "statushouders",
                "Vluchtelingen die hier mogen blijven",
                "Refugees who may stay here",
            ),
            opt(
                "spoed",
                "Mensen die met spoed een huis nodig hebben",
                "People who urgently need a home",
            ),
            opt(
                "mantelzorgers",
                "Mensen die zonder geld voor een ziek familielid zorgen",
                "People who care for an ill relative without pay",
            ),
            opt("inwoners", "Mensen uit de eigen gemeente", "People from the gemeente itself"),
        ],
        settings={"top_n": 3},
        rp=5,
    ),
    q(
        "beschikbaarheid.open_aanbod",
        "likert5",
        "Elk leeg huurhuis moet op een website staan, zodat iedereen kan reageren.",
        "Every empty rental home should be on a website, so everyone can apply.",
        help_nl="Soms krijgt iemand een huis zonder dat het op de website stond. Bijvoorbeeld "
        "bij een noodgeval.",
        help_en="Sometimes a home goes to someone without being on the website, for example in "
        "an emergency.",
        scale="agree",
    ),
    q(
        "beschikbaarheid.verhuizen_kleiner",
        "multiple",
        "Zou u verhuizen naar een kleiner huis, als …",
        "Would you move to a smaller home if …",
        help_nl=MORE_THAN_ONE[0],
        help_en=MORE_THAN_ONE[1],
        options=[
            *MOVE_IF[:3],
            none_of_these("Mijn huis is al klein genoeg", "My home is small enough", code="past"),
            *MOVE_IF[3:],
        ],
    ),
    q(
        "beschikbaarheid.verhuizen_gelijkvloers",
        "multiple",
        "Zou u verhuizen naar een huis zonder trap, als …",
        "Would you move to a home without stairs if …",
        help_nl=MORE_THAN_ONE[0],
        help_en=MORE_THAN_ONE[1],
        options=[
            *MOVE_IF[:3],
            none_of_these("Mijn huis heeft al geen trap", "My home has no stairs", code="past"),
            *MOVE_IF[3:],
        ],
    ),
    q(
        "beschikbaarheid.middeninkomens",
        "likert5",
        "Mensen die iets meer verdienen, mogen soms ook een huis met een lage huur krijgen.",
        "People who earn a bit more may sometimes also get a low-rent home.",
        help_nl="Het gaat om een inkomen van € 40.000 tot en met € 44.000 per jaar. Het gaat om "
        "niet meer dan 15 van elke 100 lege huizen. Die huizen gaan dan niet naar mensen met "
        "een lager inkomen.",
        help_en="This is an income of € 40,000 to € 44,000 a year, for at most 15 of every 100 "
        "empty homes. Those homes then do not go to people with a lower income.",
        scale="agree",
    ),
    # -- Verkoop en liberalisatie (T4) -----------------------------------------------
    q(
        "verkoop.sociale_huur_verkopen",
        "single",
        "Mag de woningcorporatie huurhuizen in uw gemeente verkopen?",
        "May the housing corporation sell rental homes in your gemeente?",
        help_nl="Met het geld kan de woningcorporatie nieuwe huizen bouwen. Maar er zijn dan "
        "minder huurhuizen.",
        help_en="With the money the corporation can build new homes. But there are then fewer "
        "rental homes.",
        options=[opt("ja", "Ja", "Yes"), opt("nooit", "Nee", "No"), dk()],
        rp=1,
    ),
    q(
        "verkoop.wanneer_verkopen",
        "multiple",
        "Wanneer mag de woningcorporatie een huurhuis verkopen?",
        "When may the housing corporation sell a rental home?",
        help_nl=MORE_THAN_ONE[0],
        help_en=MORE_THAN_ONE[1],
        options=[
            opt("nieuwbouw", "Als ze met het geld nieuwe huurhuizen bouwt", "To build new homes"),
            opt("veel", "Als er in die buurt veel huurhuizen zijn", "Where there are many"),
            something_else(),
            none_of_these("Nooit", "Never", code="nooit"),
            dk(),
        ],
        rp=1,
    ),
    q(
        "verkoop.liberalisatie",
        "likert5",
        "Als een huurder vertrekt, mag de huur van een duurder huis flink omhoog.",
        "When a tenant leaves, the rent of a more expensive home may go up a lot.",
        help_nl="De woningcorporatie krijgt dan meer huur binnen. Maar het huis is dan niet meer "
        "voor mensen met een laag inkomen.",
        help_en="The corporation then receives more rent. But the home is then no longer for "
        "people with a low income.",
        scale="agree",
    ),
    q(
        "verkoop.buurt_open",
        "open",
        "Waar zou verkopen van huurhuizen slecht zijn voor de buurt?",
        "Where would selling rental homes be bad for the area?",
        help_nl=WHERE_WHY[0],
        help_en=WHERE_WHY[1],
        settings={"max_length": 1000},
    ),
    q(
        "verkoop.buurt_goed_open",
        "open",
        "Waar zou verkopen van huurhuizen goed zijn voor de buurt?",
        "Where would selling rental homes be good for the area?",
        help_nl=WHERE_WHY[0],
        help_en=WHERE_WHY[1],
        settings={"max_length": 1000},
    ),
    # -- Nieuwbouw (T5) --------------------------------------------------------------
    q(
        "nieuwbouw.behoefte",
        "multiple",
        "Welke nieuwe huizen zijn het meest nodig in uw dorp of stad?",
        "What new homes does your village or town need most?",
        help_nl="Kies 1, 2 of 3 antwoorden.",
        help_en="Choose 1, 2 or 3 answers.",
        options=[
            opt("appartementen", "Kleine appartementen", "Small apartments"),
            opt("gezinswoningen", "Huizen voor gezinnen met kinderen", "Family homes"),
            opt(
                "senioren",
                "Huizen zonder trap voor ouderen",
                "Homes without stairs for older people",
            ),
            opt("zorg", "Huizen met zorg dichtbij", "Homes with care nearby"),
            opt("tijdelijk", "Tijdelijke huizen", "Temporary homes"),
            opt(
                "middenhuur",
                "Huizen voor mensen die iets meer verdienen",
                "Homes for people who earn a bit more",
            ),
            something_else(),
            dk(),
        ],
        settings={"max_selections": 3},
        rp=1,
    ),
    q(
        "nieuwbouw.dertig_procent",
        "likert5",
        "Bij elk nieuw bouwplan moeten minstens 3 van elke 10 huizen een lage huur hebben.",
        "In every new building plan at least 3 of every 10 homes should have a low rent.",
        help_nl="Dan komen er minder koophuizen en huizen met een hoge huur.",
        help_en="Then there will be fewer homes for sale and fewer homes with a high rent.",
        scale="agree",
        rp=1,
    ),
    q(
        "nieuwbouw.hoger_bouwen",
        "likert5",
        "Hogere gebouwen in mijn buurt vind ik goed, als er meer betaalbare huizen komen.",
        "I am fine with taller buildings in my area if more affordable homes come.",
        help_nl="Bijvoorbeeld een flat van 6 verdiepingen in plaats van 3.",
        help_en="For example a block of 6 floors instead of 3.",
        scale="agree",
        rp=1,
    ),
    q(
        "nieuwbouw.dichter_bouwen",
        "likert5",
        "Dichter op elkaar bouwen vind ik goed, als er meer betaalbare huizen komen.",
        "I am fine with building closer together if more affordable homes come.",
        help_nl="Bijvoorbeeld nieuwe huizen op een grasveld of parkeerplaats in uw buurt.",
        help_en="For example new homes on a lawn or a car park in your area.",
        scale="agree",
        rp=1,
    ),
    q(
        "nieuwbouw.parkeren",
        "likert5",
        "Maakt u zich zorgen over parkeren, als er huizen bij u in de buurt bijkomen?",
        "Do you worry about parking if homes are added near you?",
        scale="worried",
    ),
]
