"""Referansekatalogen over tjenestetyper (kilderegler.md §5.6) og et standardsett virksomheter (§6).

Flaggene styrer klageruten (`modeller.regler.frister.klagerute_for`):

* `lovpalagt`: lovpålagt helse- og omsorgstjeneste → pbrl § 7-5, 4 uker, Statsforvalteren; ellers fvl § 29,
  3 uker, kommunens klagenemnd (002_846d8582fcb76fa6.txt L138–142, L344–347; kilderegler.md §8 punkt 1).
  Samme tjeneste er lovpålagt i én kilde og ikke i en annen (§8 punkt 23: dagsenter, trygghetsalarm,
  omsorgsbolig). Standarden her følger 002; kommunen kan endre flagget på typen, og vedtaket kan overstyre det.
* `kan_paklages`: False for helsefremmende hjemmebesøk og lærings- og mestringstilbud
  (002_846d8582fcb76fa6.txt L45, L92) og øyeblikkelig hjelp døgnopphold («Uaktuelt», L1147; §8 punkt 3).
  Tolkning: også False for lavterskeltilbud uten enkeltvedtak, for ansvarsgruppe (et tiltak, ikke et vedtak;
  001_c5df1bb6b580be91.txt L795–798) og for tjenester andre instanser fatter vedtak om etter eget regelverk
  (PPT, NAV, spesialisthelsetjenesten): den klagen behandles der, ikke i KE-systemet.
* `typisk_tidsbegrenset`: vedtaket er vanligvis tidsbegrenset, så skjemaet spør etter sluttdato
  (kilderegler.md §8 punkt 24).

`sikre_katalog` legger bare til koder som mangler og endrer aldri en eksisterende rad, slik at kommunens
egne endringer av flaggene (§8 punkt 23) står seg når katalogen sikres på nytt.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from modeller.regler.begreper import Instans, Sektor
from modeller.tabeller import Tjenestetype
from modeller.tabeller.felles import utc_na


@dataclass(frozen=True)
class Katalogpost:
    """Én tjenestetype: stabil ASCII-kode, kanonisk navn, kategori, flagg, aliaser og kilde."""

    kode: str
    navn: str
    kategori: str
    lovpalagt: bool
    kan_paklages: bool
    typisk_tidsbegrenset: bool
    aliaser: tuple[str, ...]
    kilde: str


KOORDINERING = "Koordinering"
FOREBYGGING = "Forebygging og lavterskel"
REHABILITERING = "Behandling og rehabilitering"
TEKNOLOGI = "Teknologi"
HJEMME = "Hjelp i hjemmet"
PARORENDE = "Pårørendestøtte"
DAGTILBUD = "Dagtilbud"
BOLIG = "Bolig og institusjon"
ANDRE = "Andre instanser"

J, N = True, False  # ja / nei, for lesbare rader: (lovpålagt, kan påklages, typisk tidsbegrenset)


def _p(kode: str, navn: str, kategori: str, flagg: tuple[bool, bool, bool], aliaser: str, kilde: str) -> Katalogpost:
    alias = tuple(a.strip() for a in aliaser.split(";") if a.strip())
    return Katalogpost(kode, navn, kategori, flagg[0], flagg[1], flagg[2], alias, kilde)


KATALOG: tuple[Katalogpost, ...] = (
    _p("koordinator", "Koordinator", KOORDINERING, (J, J, N), "", "002 L291–347; hol § 7-2"),
    _p("barnekoordinator", "Barnekoordinator", KOORDINERING, (J, J, N), "", "001 L775–876; pbrl § 2-5 c"),
    _p("individuell_plan", "Individuell plan", KOORDINERING, (J, J, N), "IP", "002 L349–410; pbrl § 2-5"),
    _p("ansvarsgruppe", "Ansvarsgruppe", KOORDINERING, (N, N, N), "arbeidsgruppe",
       "001 L795–798; 004 L204–218; kilderegler §8 p. 7"),
    _p("helsefremmende_hjemmebesok", "Helsefremmende hjemmebesøk", FOREBYGGING, (N, N, N), "", "002 L7–45"),
    _p("laerings_og_mestringstilbud", "Lærings- og mestringstilbud", FOREBYGGING, (N, N, N),
       "lærings- og mestringstjenester; frisklivssentral", "002 L47–92"),
    _p("lavterskeltilbud", "Lavterskeltilbud", FOREBYGGING, (N, N, N),
       "helsestasjon for unge; familieveiledning; samtaleterapi; aktiviteter i gruppe", "001 L304–413"),
    _p("kreftkoordinator", "Kreftkoordinator", FOREBYGGING, (N, N, N), "", "001 L327"),
    _p("demenskoordinator", "Demenskoordinator/-team", FOREBYGGING, (N, N, N), "demensteam", "001 L103–107, L331"),
    _p("rask_psykisk_helsehjelp", "Rask psykisk helsehjelp", FOREBYGGING, (N, N, N), "", "001 L106"),
    _p("syn_og_horselskontakt", "Syn- og hørselskontakt", FOREBYGGING, (N, N, N), "", "001 L100–122"),
    _p("ledsagerbevis", "Ledsagerbevis", FOREBYGGING, (N, J, N), "", "003 L658–694"),
    _p("tt_kort", "TT-kort", FOREBYGGING, (N, J, N), "transporttjenesten for bevegelseshemmede", "003 L530–632"),
    _p("parkeringstillatelse", "Parkeringstillatelse for forflytningshemmede", FOREBYGGING, (N, J, N),
       "parkeringsbevis for funksjonshemmede; HC-kort", "003 L634–656"),
    _p("fysioterapi", "Fysioterapi", REHABILITERING, (J, J, N), "fysioterapitjeneste", "001 L428–502; 004 L249"),
    _p("ergoterapi", "Ergoterapi", REHABILITERING, (J, J, N), "ergoterapitjenester", "001 L515–607; 003 L969–1013"),
    _p("hverdagsrehabilitering", "Hverdagsrehabilitering", REHABILITERING, (J, J, J), "hverdagsmestring",
       "002 L710–765; 003 L1015–1109"),
    _p("habilitering_rehabilitering", "Habilitering og rehabilitering", REHABILITERING, (J, J, J),
       "habilitering/rehabilitering utenfor institusjon; korttids-rehabiliteringsavdeling",
       "002 L767–834; 001 L965–1040"),
    _p("trygghetsalarm", "Trygghetsalarm", TEKNOLOGI, (N, J, N), "trygghetsskapende teknologi",
       "002 L94–142; kilderegler §8 p. 23"),
    _p("velferdsteknologi", "Velferds- og mestringsteknologi og hjelpemidler", TEKNOLOGI, (N, J, N),
       "mestringsteknologi; hjelpemidler; helseteknologi", "001 L623–738; 003 L348–369"),
    _p("praktisk_bistand", "Praktisk bistand – daglige gjøremål", HJEMME, (J, J, N),
       "hjemmehjelp; personlig assistanse – praktisk bistand; praktisk bistand i hjemmet",
       "002 L836–896; 001 L1259–1355"),
    _p("praktisk_bistand_opplaering", "Praktisk bistand – opplæring", HJEMME, (J, J, J), "", "001 L1370–1434"),
    _p("praktisk_bistand_renhold", "Praktisk bistand – renhold", HJEMME, (J, J, N), "renhold i hjemmet",
       "001 L1447–1593"),
    _p("husvikar", "Husvikarlignende tjenester", HJEMME, (J, J, J), "", "001 L1259–1355"),
    _p("middagsombringing", "Middagsombringing", HJEMME, (N, J, N), "matombringing", "002 L144–181"),
    _p("full_kost", "Full kost", HJEMME, (N, J, N), "", "002 L183–223"),
    _p("stottekontakt", "Støttekontakt", HJEMME, (J, J, N), "personlig assistanse – støttekontakt",
       "002 L898–960; 000 L10–47"),
    _p("bpa", "Brukerstyrt personlig assistanse (BPA)", HJEMME, (J, J, N), "brukerstyrt personlig assistent",
       "002 L962–1039; 001 L2336–2472"),
    _p("hjemmesykepleie", "Helsetjenester i hjemmet", HJEMME, (J, J, N), "hjemmesykepleie; hjemmetjeneste",
       "002 L1041–1101; 003 L1111–1192"),
    _p("psykisk_helse_rus", "Rus- og psykisk helsetjeneste", HJEMME, (J, J, N),
       "psykiatri og rus tjeneste; psykisk helsearbeid; FACT", "003 L1194–1237; 004 L253"),
    _p("boveiledning", "Boveiledning", HJEMME, (J, J, N), "", "003 L1813–1846"),
    _p("parorende_opplaering", "Pårørendestøtte – opplæring og veiledning", PARORENDE, (J, J, N), "",
       "002 L465–541"),
    _p("avlastning_hjemme", "Avlastning i hjemmet", PARORENDE, (J, J, N), "", "002 L628–708; 003 L1401–1448"),
    _p("avlastning_institusjon", "Avlastning i institusjon", PARORENDE, (J, J, J), "avlastning i sykehjem",
       "001 L2018–2083; 003 L1347–1399"),
    _p("avlastning_barn_unge", "Avlastning for barn og unge", PARORENDE, (J, J, N), "avlastningsbolig",
       "003 L1847–1892; 001 L1874–2002"),
    _p("avlastning_privat", "Avlastning – privat", PARORENDE, (J, J, N), "privat avlaster", "001 L1874–2002"),
    _p("avlastning_bpa", "Avlastning som BPA", PARORENDE, (J, J, N), "", "002 L962–1039"),
    _p("omsorgsstonad", "Omsorgsstønad", PARORENDE, (J, J, N), "omsorgslønn",
       "002 L543–626; 003 L1544–1598; kilderegler §8 p. 15"),
    _p("dagaktivitet", "Dag- og aktivitetstilbud", DAGTILBUD, (N, J, N), "dagaktivitetstilbud; dagsenter",
       "002 L412–463; kilderegler §8 p. 23"),
    _p("dagsenter_demens", "Dagsenter for personer med demens", DAGTILBUD, (J, J, N), "",
       "003 L1767–1811; 002 L423–424"),
    _p("aktivitetssenter", "Aktivitetssenter", DAGTILBUD, (N, N, N), "", "004 L255, L265"),
    _p("overgangsleilighet", "Overgangsleilighet", BOLIG, (N, J, J), "", "001 L1055–1126"),
    _p("omsorgsbolig", "Omsorgsbolig og kommunal utleiebolig", BOLIG, (N, J, J),
       "kommunal utleiebolig; bofellesskap; bokollektiv; samlokaliserte boliger", "002 L225–289; 003 L1671–1729"),
    _p("heldognsbolig", "Bolig særskilt tilrettelagt for heldøgns tjenester", BOLIG, (J, J, N), "HDO",
       "002 L1214–1276"),
    _p("barnebolig", "Barnebolig", BOLIG, (J, J, N), "", "001 L2488–2587"),
    _p("korttidsopphold", "Tidsbegrenset opphold i institusjon", BOLIG, (J, J, J),
       "korttidsopphold; tidsbegrenset opphold", "002 L1149–1212; 003 L1239–1308"),
    _p("kad", "Øyeblikkelig hjelp døgnopphold", BOLIG, (J, N, J), "KAD; kommunalt akutt døgntilbud",
       "002 L1103–1147; 003 L1310–1345"),
    _p("langtidsopphold", "Langtidsopphold i institusjon", BOLIG, (J, J, N), "sykehjem; skjermet avdeling",
       "002 L1278–1336; 001 L2735–2872"),
    _p("svangerskapsomsorg", "Svangerskaps- og barselomsorg", ANDRE, (J, N, N), "jordmor", "004 L294; 001 L931"),
    _p("helsestasjon", "Helsestasjons- og skolehelsetjeneste", ANDRE, (J, N, N),
       "helsestasjon; skolehelsetjeneste; helsesykepleier; helsesøster", "004 L241, L290–292; 001 L933"),
    _p("fastlege", "Legetjeneste", ANDRE, (J, N, N), "fastlege; legekontor", "004 L243, L298"),
    _p("ppt_spesialpedagogisk", "PPT og spesialpedagogisk hjelp", ANDRE, (J, N, N),
       "PPT; spesialundervisning; pedagogisk-psykologisk tjeneste", "004 L245, L361–395"),
    _p("nav_oppfolging", "Oppfølging fra NAV", ANDRE, (J, N, N), "NAV; arbeidsrettet oppfølging", "004 L257"),
    _p("spesialisthelsetjeneste", "Spesialisthelsetjeneste", ANDRE, (J, N, N),
       "sykehus; habiliteringstjenesten; poliklinikk", "003 L1606–1611; 004 L76"),
)


@dataclass(frozen=True)
class Virksomhetsmal:
    """En standard virksomhet (kilderegler.md §6) med sektor, instans i livsfasetabellen og typiske stillinger."""

    kode: str
    navn: str
    sektor: Sektor
    instans: Instans
    stillinger: tuple[str, ...]
    kan_koordinere: bool
    kilde: str


STANDARD_VIRKSOMHETER: tuple[Virksomhetsmal, ...] = (
    Virksomhetsmal("ke", "Koordinerende enhet", Sektor.HELSE, Instans.HELSE_OMSORG, ("Koordinator", "Saksbehandler"),
                   True, "004 L239; 001 L767"),
    Virksomhetsmal("jordmor", "Jordmortjenesten", Sektor.HELSE, Instans.JORDMOR, ("Jordmor",), True,
                   "001 L931; 004 L294"),
    Virksomhetsmal("helsestasjon", "Helsestasjon og skolehelsetjeneste", Sektor.HELSE, Instans.HELSESYKEPLEIER,
                   ("Helsesykepleier",), True, "004 L241; 001 L933"),
    Virksomhetsmal("barnehage", "Sentrum barnehage", Sektor.OPPVEKST, Instans.BARNEHAGE,
                   ("Pedagogisk leder", "Spesialpedagog", "Styrer"), True, "001 L935"),
    Virksomhetsmal("grunnskole", "Sentrum skole", Sektor.OPPVEKST, Instans.GRUNNSKOLE,
                   ("Kontaktlærer", "Spesialpedagog", "Sosiallærer"), True, "001 L937"),
    Virksomhetsmal("vgs", "Demo videregående skole", Sektor.FYLKESKOMMUNAL, Instans.VIDEREGAENDE,
                   ("Rådgiver", "Kontaktlærer"), True, "001 L939"),
    Virksomhetsmal("hjemmetjenesten", "Hjemmetjenesten", Sektor.OMSORG, Instans.HELSE_OMSORG,
                   ("Sykepleier", "Vernepleier", "Helsefagarbeider"), True, "004 L247; 003 L1129"),
    Virksomhetsmal("terapi", "Fysio- og ergoterapitjenesten", Sektor.HELSE, Instans.HELSE_OMSORG,
                   ("Fysioterapeut", "Ergoterapeut"), True, "004 L249; 001 L428, L515"),
    Virksomhetsmal("psykisk_helse", "Psykisk helse og rus", Sektor.HELSE, Instans.HELSE_OMSORG,
                   ("Psykiatrisk sykepleier", "Miljøterapeut"), True, "004 L253; 003 L1194"),
    Virksomhetsmal("sykehjem", "Demo sykehjem", Sektor.OMSORG, Instans.HELSE_OMSORG,
                   ("Sykepleier", "Helsefagarbeider"), True, "001 L2735; 003 L1462"),
    Virksomhetsmal("miljotjenesten", "Miljøtjenesten", Sektor.OMSORG, Instans.HELSE_OMSORG,
                   ("Vernepleier", "Miljøarbeider"), True, "000 L18, L59, L154; 003 L1820"),
    Virksomhetsmal("lege", "Legetjenesten", Sektor.HELSE, Instans.HELSE_OMSORG, ("Fastlege",), False,
                   "004 L243"),
    Virksomhetsmal("nav", "NAV Demo", Sektor.NAV_SOSIAL, Instans.NAV, ("Veileder",), True, "004 L257; 001 L941"),
    Virksomhetsmal("ppt", "PPT", Sektor.OPPVEKST, Instans.ANNET, ("PP-rådgiver",), False, "004 L245, L363–377"),
    Virksomhetsmal("barnevern", "Barnevernstjenesten", Sektor.NAV_SOSIAL, Instans.ANNET, ("Barnevernspedagog",),
                   False, "004 L269"),
    Virksomhetsmal("sykehus", "Sykehuset (spesialisthelsetjenesten)", Sektor.SPESIALIST, Instans.ANNET,
                   ("Lege", "Sykepleier", "Habiliteringskonsulent"), False, "004 L76; 002 L1139"),
)


def _innsett(okt: Session) -> Any:
    """INSERT … ON CONFLICT (kode) DO NOTHING for dialekten, så samtidige oppstarter ikke krasjer."""
    dialekt = postgresql if okt.get_bind().dialect.name == "postgresql" else sqlite
    return dialekt.insert(Tjenestetype).on_conflict_do_nothing(index_elements=["kode"])


def sikre_katalog(okt: Session, *, na: datetime | None = None) -> int:
    """Legg inn tjenestetypene som mangler (etter kode), uten å endre eksisterende; gir antall nye rader."""
    finnes = set(okt.exec(select(col(Tjenestetype.kode))).all())
    opprettet = na or utc_na()
    rader = [
        {"kode": p.kode, "navn": p.navn, "kategori": p.kategori, "lovpalagt": p.lovpalagt,
         "kan_paklages": p.kan_paklages, "typisk_tidsbegrenset": p.typisk_tidsbegrenset,
         "aliaser": "; ".join(p.aliaser), "opprettet": opprettet}
        for p in KATALOG if p.kode not in finnes
    ]
    if not rader:
        return 0
    resultat = okt.execute(_innsett(okt).returning(col(Tjenestetype.id)), rader)
    return len(resultat.all())
