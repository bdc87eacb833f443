"""Vanlige norske fornavn og etternavn, gatenavn og stedsnavn til syntetiske demopersoner.

Navnene er vanlige navn (kjent fra SSBs navnestatistikk) satt sammen tilfeldig; kombinert med syntetiske
identitetsnumre (måned + 80) og e-postadresser på `.example` (RFC 2606) kan de ikke peke ut en ekte person.
"""

import unicodedata

KVINNER_ELDRE = (
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg", "Hilde", "Anna",
    "Solveig", "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth", "Kristin", "Gerd", "Turid", "Wenche",
    "Unni", "Aud", "Ragnhild", "Grete", "Tone", "Heidi", "Gunn", "Sissel", "Torill", "Karin", "Reidun", "Else",
)
MENN_ELDRE = (
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas", "Hans", "Geir", "Tor",
    "Morten", "Terje", "Odd", "Erik", "Martin", "Andreas", "John", "Rune", "Trond", "Harald", "Olav", "Rolf",
    "Leif", "Gunnar", "Tore", "Nils", "Einar", "Stein", "Helge", "Arild", "Egil", "Magne",
)
KVINNER_UNGE = (
    "Emma", "Nora", "Sofie", "Olivia", "Ella", "Leah", "Ingrid", "Maja", "Sara", "Frida", "Vilde", "Astrid",
    "Jenny", "Hedda", "Thea", "Linnea", "Selma", "Amalie", "Sofia", "Ada", "Julie", "Mia", "Emilie", "Tuva",
    "Aurora", "Ingeborg", "Hanna", "Oda", "Live", "Mathilde", "Ylva", "Eline", "Synne", "Iben", "Marte",
)
MENN_UNGE = (
    "Jakob", "Emil", "Noah", "Oliver", "Filip", "William", "Lucas", "Liam", "Henrik", "Oskar", "Aksel",
    "Theodor", "Elias", "Kasper", "Magnus", "Johannes", "Isak", "Mathias", "Tobias", "Ludvig", "Sander",
    "Jonas", "Markus", "Sebastian", "Even", "Sondre", "Eirik", "Håkon", "Vetle", "Sigurd", "Iver", "Odin",
    "Brage", "Adrian", "Mikkel",
)
ETTERNAVN = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
    "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
    "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen",
    "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
    "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge", "Moe", "Nygård",
    "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Christensen", "Andresen", "Nielsen",
    "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen", "Ahmed", "Haugland", "Thomassen", "Sivertsen",
    "Simonsen", "Danielsen", "Berntsen", "Sandvik", "Rønning", "Arnesen", "Antonsen", "Næss", "Vik", "Haug",
    "Ellingsen", "Thorsen", "Edvardsen", "Birkeland", "Isaksen", "Gulbrandsen", "Ruud", "Aasen", "Strøm",
    "Myklebust", "Tangen", "Ødegård", "Eliassen", "Helland", "Bøe", "Aune", "Mikkelsen", "Tveit", "Brekke",
    "Abrahamsen", "Madsen", "Khan",
)
GATER = (
    "Storgata", "Kirkeveien", "Skoleveien", "Fjordveien", "Bakkeveien", "Solbakken", "Granveien", "Bjørkeveien",
    "Sjøgata", "Havnegata", "Lia", "Myrveien", "Elvegata", "Furuveien", "Prestegårdsveien", "Stasjonsveien",
    "Nordre gate", "Søndre vei", "Ringveien", "Industriveien", "Lønneveien", "Haugveien", "Åsveien", "Tunveien",
)
STEDER = (
    "Nordvik", "Sørbygda", "Fjellstad", "Elvebakken", "Holmen", "Strandheim", "Vestbygda", "Østre Li",
    "Furumo", "Breivik", "Solvang", "Haugsbygd",
)
LIVSOMRADER = (
    "Helse", "Bolig", "Skole og utdanning", "Arbeid", "Fritid", "Familie og nettverk", "Daglige gjøremål",
    "Kommunikasjon", "Økonomi", "Mobilitet",
)
MOTESTEDER = (
    "Rådhuset, møterom 2", "Helsehuset, møterom Fjord", "Helsestasjonen", "Sentrum skole", "Digitalt (Teams)",
    "Hjemme hos bruker",
)

_ERSTATT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def ascii_slug(tekst: str) -> str:
    """Små ASCII-bokstaver uten mellomrom, til e-postadresser: «Bjørg Sæther» → «bjorgsaether»."""
    bokstaver = unicodedata.normalize("NFKD", tekst.translate(_ERSTATT))
    return "".join(c for c in bokstaver.lower() if c.isascii() and c.isalnum())
