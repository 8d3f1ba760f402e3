"""Bank questions on priorities, participation and the respondent's background."""

from surveys.bankdata.build import dk, none_of_these, opt, q, rather_not_say, row

QUESTIONS = [
    # -- Prioriteiten (T11) ----------------------------------------------------------
    q(
        "prioriteiten.themas",
        "ranking",
        "Welke onderwerpen zijn voor u het belangrijkst in de nieuwe afspraken?",
        "Which topics matter most to you in the new agreements?",
        help_nl="De huurdersorganisatie maakt elk jaar afspraken met de gemeente en de "
        "woningcorporatie. Kies de 3 belangrijkste onderwerpen. Zet 1 bij het belangrijkste.",
        help_en="Each year the tenants' organisation makes agreements with the gemeente and "
        "the housing corporation. Choose the 3 most important topics. Put 1 next to the most "
        "important one.",
        options=[
            opt(
                "bouwen",
                "Meer betaalbare huurhuizen bouwen",
                "Building more affordable rental homes",
            ),
            opt("betaalbaar", "Een huur die mensen kunnen betalen", "Rents that people can afford"),
            opt(
                "duurzaam",
                "Zuinige huizen met lagere energiekosten",
                "Energy-efficient homes with lower energy costs",
            ),
            opt(
                "zorg",
                "Wonen met zorg voor ouderen en mensen met een beperking",
                "Homes with care for older and disabled people",
            ),
            opt(
                "spoed",
                "Huizen voor mensen die snel een huis nodig hebben",
                "Homes for people who need one quickly",
            ),
            opt("leefbaar", "Een prettige en veilige buurt", "A pleasant and safe neighbourhood"),
            opt("onderhoud", "Goed onderhoud van de huizen", "Good upkeep of the homes"),
        ],
        settings={"top_n": 3},
    ),
    q(
        "prioriteiten.verbetering",
        "matrix",
        "Wat is er in de afgelopen 12 maanden veranderd? Is het beter of slechter geworden?",
        "What has changed in the past 12 months? Did it get better or worse?",
        scale="better",
        settings={
            "rows": [
                row(
                    "betaalbaarheid",
                    "Hoe goed u de huur en energie kunt betalen",
                    "Paying rent and energy",
                ),
                row("onderhoud", "Het onderhoud van uw huis", "Maintenance of your home"),
                row("energie", "Hoe zuinig uw huis is", "How energy-efficient your home is"),
                row("buurt", "Hoe prettig uw buurt is", "How pleasant your neighbourhood is"),
            ]
        },
    ),
    # -- Participatie (T12) ----------------------------------------------------------
    q(
        "participatie.manier",
        "multiple",
        "Hoe wilt u uw mening geven aan de huurdersorganisatie?",
        "How would you like to give your views to the tenants' organisation?",
        help_nl="U kunt meer dan één antwoord kiezen.",
        help_en="You can choose more than one answer.",
        options=[
            opt("online", "Online, op de computer of telefoon", "Online, on a computer or phone"),
            opt("papier", "Op papier, met de post", "On paper, by post"),
            opt("bijeenkomst", "Op een bijeenkomst", "At a meeting"),
            opt("telefoon", "In een telefoongesprek", "In a phone call"),
            none_of_these("Ik wil niet meedoen", "I do not want to take part", code="niet"),
        ],
    ),
    q(
        "participatie.bekend_ho",
        "yesno",
        "Kende u de huurdersorganisatie al voordat u deze vragenlijst kreeg?",
        "Did you know the tenants' organisation before you got this questionnaire?",
    ),
    q(
        "participatie.adviesgroep",
        "yesno",
        "Zou u willen meedenken in een groep huurders die het bestuur advies geeft?",
        "Would you like to join a group of tenants that advises the board?",
        help_nl="Zo'n groep komt een paar keer per jaar bij elkaar. Met deze vragenlijst meldt u "
        "zich niet aan. Wilt u meedoen? Bel of mail dan de huurdersorganisatie.",
        help_en="Such a group meets a few times a year. This questionnaire does not sign you up. "
        "Would you like to join? Then call or e-mail the tenants' organisation.",
    ),
    # -- Achtergrond ----------------------------------------------------------------
    q(
        "achtergrond.kern",
        "open",
        "In welk dorp of in welke wijk woont u?",
        "In which village or part of town do you live?",
        help_nl="Zo kunnen we de uitkomsten per dorp of wijk bekijken.",
        help_en="This lets us look at the results per village or area.",
        settings={"max_length": 100},
    ),
    q(
        "achtergrond.leeftijd",
        "single",
        "Hoe oud bent u?",
        "How old are you?",
        options=[
            opt("lt35", "Jonger dan 35 jaar", "Under 35"),
            opt("35-54", "35 tot en met 54 jaar", "35 to 54"),
            opt("55-64", "55 tot en met 64 jaar", "55 to 64"),
            opt("65-74", "65 tot en met 74 jaar", "65 to 74"),
            opt("75plus", "75 jaar of ouder", "75 or older"),
            rather_not_say(),
        ],
    ),
    q(
        "achtergrond.huishouden",
        "single",
        "Met wie woont u in uw huis?",
        "Who do you live with?",
        options=[
            opt("alleenstaand", "Ik woon alleen", "I live alone"),
            opt("paar", "Met mijn partner, zonder kinderen", "With my partner, no children"),
            opt("gezin", "Met mijn partner en kinderen", "With my partner and children"),
            opt("eenoudergezin", "Alleen met mijn kinderen", "Only with my children"),
            opt("overig", "Anders, bijvoorbeeld met ouders of vrienden", "Other"),
            rather_not_say(),
        ],
    ),
    q(
        "achtergrond.personen",
        "number",
        "Met hoeveel mensen woont u in uw huis? Tel uzelf ook mee.",
        "How many people live in your home, including yourself?",
        settings={"min": 1, "max": 20, "integer": True, "unit": {"nl": "personen", "en": "people"}},
    ),
    q(
        "achtergrond.huurtoeslag",
        "yesno",
        "Krijgt u huurtoeslag?",
        "Do you receive housing benefit (huurtoeslag)?",
        help_nl="Huurtoeslag is geld van de overheid. U krijgt het als uw inkomen laag is in "
        "vergelijking met uw huur.",
        help_en="Huurtoeslag is money from the government for people whose income is low "
        "compared with their rent.",
        options=[
            opt("ja", "Ja", "Yes"),
            opt("nee", "Nee", "No"),
            dk(),
            rather_not_say(),
        ],
    ),
    q(
        "achtergrond.woningtype",
        "single",
        "In wat voor huis woont u?",
        "What kind of home do you live in?",
        help_nl="Woont u in een flat voor ouderen? Kies dan: een huis of flat voor ouderen.",
        help_en="Do you live in a flat for older people? Then choose: a home for older people.",
        options=[
            opt(
                "eengezins",
                "Een huis met een eigen voordeur en trap",
                "A house with its own front door and stairs",
            ),
            opt("appartement", "Een appartement of flat", "An apartment or flat"),
            opt("senioren", "Een huis of flat voor ouderen", "A home for older people"),
            opt("zorg", "Een huis met zorg erbij", "A home with care"),
            opt("anders", "Anders", "Other"),
        ],
    ),
    q(
        "achtergrond.huurjaren",
        "single",
        "Hoe lang huurt u al een huis bij deze woningcorporatie?",
        "How long have you been renting from this housing corporation?",
        options=[
            opt("lt2", "Korter dan 2 jaar", "Less than 2 years"),
            opt("2-5", "2 tot en met 4 jaar", "2 to 4 years"),
            opt("5-10", "5 tot en met 9 jaar", "5 to 9 years"),
            opt("10-20", "10 tot en met 19 jaar", "10 to 19 years"),
            opt("20plus", "20 jaar of langer", "20 years or more"),
            dk(),
        ],
    ),
]
