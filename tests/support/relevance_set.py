"""A relevance set for `/idea search`: ideas and queries as Finnish, Swedish and English speakers write
them, each query with the ideas it should find.

An idea is *relevant* to a query when it is about what the query asks and says so in the query's
words, in any inflected form or inside a compound: a word search cannot know that *ikäihminen* and
*vanhus* mean nearly the same, and this set does not pretend it can. Queries use base forms and
inflected forms, compounds, the a-for-ä typing of an English keyboard and words cut short.

Used by `tests/ideas/test_search_relevance.py` (all of it, in every run, on the engine under test) and
`tests/bench/test_bench_search_relevance.py` (all of it, with the figures in docs/search.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert

from bot.core.db import Database
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import queries as ideas_queries
from models import Idea


@dataclass(frozen=True)
class Query:
    language: str
    words: str
    relevant: frozenset[str]
    # What the query tests, for whoever reads a failure.
    why: str


def q(language: str, words: str, relevant: str, why: str) -> Query:
    return Query(language, words, frozenset(relevant.split()), why)


# key: (title, description). Keys start with the language: f (Finnish), s (Swedish), e (English).
IDEAS: dict[str, tuple[str, str]] = {
    # --- Finnish: older people and loneliness
    "f01": ("Kylävierailut vanhuksille", "Vapaaehtoiset käyvät juttelemassa yksin asuvien vanhusten luona."),
    "f02": (
        "Vanhusten yksinäisyys pois",
        "Puhelinringit, joissa vanhukset soittavat toisilleen viikoittain.",
    ),
    "f03": ("Ikäihmisten tanssi-iltapäivät", "Tanssia ja kahvia palvelutalon salissa kerran kuussa."),
    "f04": ("Yksinäisyyttä vastaan koko kylä", "Naapurit kutsuvat yksinäisiä syömään kanssaan sunnuntaisin."),
    "f05": (
        "Vanhainkoti ja päiväkoti yhdessä",
        "Lapset ja vanhukset leipovat ja laulavat yhdessä joka viikko.",
    ),
    "f06": ("Digituki ikäihmisille", "Kirjastossa neuvotaan älypuhelimen ja pankkitunnusten käytössä."),
    "f07": ("Älypuhelinkurssi eläkeläisille", "Eläkeläiset oppivat videopuhelut lastenlastensa kanssa."),
    # --- Finnish: education and schools
    "f08": (
        "Koulutusta työttömille nuorille",
        "Lyhyitä koulutuksia, jotka johtavat suoraan työharjoitteluun.",
    ),
    "f09": ("Koulujen pihat iltakäyttöön", "Koulun piha auki illalla perheille ja harrastusryhmille."),
    "f10": ("Aikuiskoulutus verkossa", "Maksuton verkkokurssi aikuisille, jotka haluavat vaihtaa alaa."),
    "f11": ("Koulutuksen tasa-arvo", "Jokaiselle koululaiselle samat mahdollisuudet harrastaa ja oppia."),
    "f12": ("Läksykerho kirjastossa", "Vapaaehtoiset opiskelijat auttavat koululaisia läksyissä."),
    "f13": ("Opettajien jaksaminen", "Vertaistukiryhmä opettajille, joita työn kuorma uuvuttaa."),
    # --- Finnish: libraries
    "f14": ("Kirjastoauto lähiöihin", "Kirjastoauto pysähtyy lähiöiden kouluilla ja kauppojen pihoilla."),
    "f15": ("Työkalulainaamo kirjastoon", "Porakoneita ja sahoja lainaksi kirjastokortilla."),
    "f16": ("Kirjastojen aukioloajat pidemmiksi", "Omatoimikirjasto auki myös iltaisin ja viikonloppuisin."),
    "f17": ("Lukupiiri maahanmuuttajille", "Helppoa suomea lukupiirissä kirjastossa torstaisin."),
    # --- Finnish: young people
    "f18": ("Nuorten kesätyöt kunnassa", "Kunta palkkaa nuoria kesäksi puistoihin ja kirjastoihin."),
    "f19": ("Nuorisotila avoinna perjantaisin", "Nuorille paikka olla ja pelata myöhään perjantai-iltana."),
    "f20": ("Nuorten mielenterveys", "Matalan kynnyksen keskusteluapu nuorille chatissa."),
    "f21": ("Nuorisovaltuusto päättämään", "Nuoret saavat oman budjetin ja päättävät sen käytöstä."),
    "f22": ("Harrastus jokaiselle nuorelle", "Maksuton harrastus jokaiselle koulun jälkeen."),
    # --- Finnish: health
    "f23": ("Terveyskioski kauppakeskukseen", "Sairaanhoitaja mittaa verenpaineen ilman ajanvarausta."),
    "f24": ("Terveyspalvelut lähemmäs", "Liikkuva terveyspalveluauto kiertää syrjäkylissä."),
    "f25": ("Terveydenhoitaja kouluihin joka päivä", "Koululaisten terveys paranee, kun apua saa heti."),
    "f26": ("Hammashoitoa ilman jonoja", "Iltavastaanotot hammaslääkärille lyhentämään jonoja."),
    "f27": ("Terveellinen kouluruoka", "Kouluruokaan enemmän kasviksia ja vähemmän sokeria."),
    # --- Finnish: mental health
    "f28": ("Mielenterveyden ensiapu työpaikoille", "Koulutus, jolla työkaveri osaa auttaa ajoissa."),
    "f29": ("Vertaistukea masennukseen", "Vertaistukiryhmä kokoontuu kirjastolla joka tiistai."),
    "f30": ("Luontokävelyt mielen hyvinvointiin", "Ohjattuja kävelyjä metsässä stressin lievittämiseksi."),
    # --- Finnish: exercise
    "f31": ("Pyöräilyreitit kouluille", "Turvalliset pyörätiet jokaiselle koululle."),
    "f32": ("Kaupunkipyörät lähiöihin", "Kaupunkipyöräasemia myös lähiöiden asemille."),
    "f33": ("Kävelykoulu ikäihmisille", "Ohjattua kävelyä ja tasapainoharjoituksia puistossa."),
    "f34": ("Ulkokuntosali puistoon", "Maksuton ulkokuntosali kaikenikäisille."),
    "f35": ("Liikuntaa työttömille", "Uimahalli ja kuntosali puoleen hintaan työttömille."),
    "f36": ("Talvipyöräily tutuksi", "Nastarenkaita lainaan ja kurssi talvipyöräilystä."),
    # --- Finnish: environment
    "f37": ("Kierrätyspiste joka kortteliin", "Muovin ja lasin kierrätys helpoksi kerrostaloissa."),
    "f38": ("Vaatteiden korjauskahvila", "Korjataan vaatteita yhdessä ompelukoneilla."),
    "f39": ("Ilmastoteot kouluissa", "Koululaiset mittaavat koulun energiankulutusta ja säästävät sähköä."),
    "f40": ("Ruokahävikki kauppojen kanssa kiertoon", "Kauppojen ylijäämäruoka jaetaan illalla asukkaille."),
    "f41": (
        "Yhteisöpuutarha kerrostalon pihalle",
        "Asukkaat kasvattavat vihanneksia yhteisessä puutarhassa.",
    ),
    "f42": ("Puiden istutus lähimetsään", "Talkoot, joissa istutetaan tuhat puuta."),
    "f43": ("Ilmastonmuutos ja metsät", "Tietoa metsien hiilinieluista kaupunkilaisille."),
    # --- Finnish: immigrants and integration
    "f44": ("Kielikahvila maahanmuuttajille", "Suomen kielen harjoittelua rennosti kahvin äärellä."),
    "f45": ("Kotoutuminen työn kautta", "Maahanmuuttajat työharjoitteluun paikallisiin yrityksiin."),
    "f46": ("Ystäväperhe uusille tulijoille", "Suomalainen perhe tutustuttaa arkeen ja naapurustoon."),
    "f47": ("Monikielinen neuvonta", "Neuvontaa arabiaksi, somaliksi ja venäjäksi terveysasemalla."),
    # --- Finnish: work and unemployment
    "f48": ("Työttömien kohtaamispaikka", "Työttömät löytävät täältä vertaistukea ja työpaikkavinkkejä."),
    "f49": ("Osa-aikatyö eläkeläisille", "Eläkeläisten osaaminen käyttöön joustavassa työssä."),
    "f50": ("Työnhakuklinikka", "Apua työhakemuksiin ja ansioluetteloon joka keskiviikko."),
    "f51": ("Neljän päivän työviikko kokeiluun", "Kunta kokeilee lyhyempää työviikkoa yhdessä virastossa."),
    # --- Finnish: culture
    "f52": ("Kulttuurikävely kaupungissa", "Opastettu kävely paikallisten taiteilijoiden ateljeisiin."),
    "f53": ("Musiikkia palvelutaloihin", "Muusikot soittavat palvelutalojen asukkaille."),
    "f54": ("Teatteria kaikille", "Ilmaisnäytökset teatterissa pienituloisille perheille."),
    "f55": ("Kuorolaulua kaikenikäisille", "Avoin kuoro, jossa laulaa saa ilman koe-esiintymistä."),
    "f56": ("Taidenäyttely nuorten töistä", "Nuorten taidetta kirjaston seinillä."),
    "f57": ("Kulttuuripassi perheille", "Kulttuurikohteisiin ilmaiseksi lapsiperheiden kanssa."),
    # --- Finnish: housing
    "f58": ("Asunnottomille kodit ensin", "Asunto ensin -malli: ensin koti, sitten muu tuki."),
    "f59": ("Kohtuuhintaiset asunnot nuorille", "Opiskelija-asuntoja vanhoista toimistoista."),
    "f60": ("Yhteisöllinen asuminen", "Taloyhtiön yhteistila, jossa naapurit tapaavat."),
    "f61": ("Asukasillat taloyhtiöihin", "Asukkaat suunnittelevat pihan ja yhteiset säännöt."),
    # --- Finnish: transport
    "f62": ("Joukkoliikenne ilmaiseksi nuorille", "Bussit ja ratikat maksuttomiksi alle 18-vuotiaille."),
    "f63": ("Kutsutaksi syrjäkyliin", "Kutsuliikenne vie kauppaan ja terveysasemalle."),
    "f64": ("Bussipysäkeille katokset", "Sadekatokset ja penkit jokaiselle bussipysäkille."),
    # --- Finnish: families and children
    "f65": ("Päiväkotien ulkoilu metsässä", "Metsäretki joka viikko jokaiselle päiväkotiryhmälle."),
    "f66": ("Perhekahvila lähiöön", "Vanhemmat ja vauvat tapaavat aamupäivisin."),
    "f67": ("Lastenhoitoapua yksinhuoltajille", "Vapaaehtoiset hoitavat lapsia, kun vanhempi käy töissä."),
    "f68": ("Leikkipuistot kuntoon", "Leikkipuistojen keinut ja liukumäet korjataan."),
    # --- Finnish: volunteering and community
    "f69": ("Vapaaehtoistyön tori", "Järjestöt esittelevät vapaaehtoistehtäviä samana päivänä."),
    "f70": ("Naapuriapu sovellukseen", "Naapurit pyytävät ja tarjoavat apua kauppakassien kantamiseen."),
    "f71": ("Kyläjuhla kaikille", "Kylän yhteinen juhla, jossa esiintyvät paikalliset."),
    "f72": ("Vapaaehtoisten kiittäminen", "Vuoden vapaaehtoinen palkitaan kyläjuhlassa."),
    "f73": ("Talkoopäivä puistossa", "Siivotaan puisto ja istutetaan kukkia yhdessä."),
    # --- Finnish: digital, democracy and more
    "f74": ("Osallistuva budjetointi", "Asukkaat äänestävät, mihin kunnan rahat käytetään."),
    "f75": ("Avoin data kunnan päätöksistä", "Päätökset luettavaksi selkokielellä verkkoon."),
    "f76": ("Selkokieli kunnan viestintään", "Kunnan tiedotteet myös selkokielellä."),
    "f77": ("Kokousten määrä puoleen", "Vähemmän kokouksia ja enemmän aikaa tekemiselle."),
    "f78": ("Etätyöpisteet kirjastoihin", "Hiljaisia työpisteitä etätyöläisille kirjastoissa."),
    "f79": ("Kalastusretket nuorille", "Nuoret kalastamaan järvelle kalastusseuran kanssa."),
    "f80": ("Koirapuisto asuinalueelle", "Aidattu koirapuisto, jossa koirat saavat juosta vapaasti."),
    "f81": ("Kesäteatteri rannalle", "Kesäteatterin esityksiä rannan lavalla heinäkuussa."),
    "f82": ("Sienestysretket perheille", "Opastetut sieniretket syksyllä metsään."),
    "f83": ("Ruokapankki kirkon tiloihin", "Ruoka-apua jaetaan keskiviikkoisin kirkon salissa."),
    "f84": ("Kouluruokailu ilman hävikkiä", "Koulujen ruokahävikki puoleen punnitsemalla lautasjätteet."),
    "f85": ("Saunailta maahanmuuttajille", "Suomalainen saunakulttuuri tutuksi uusille asukkaille."),
    "f86": (
        "Urheiluseurat yhteistyöhön koulujen kanssa",
        "Urheiluseurat ohjaavat liikuntaa koulupäivän aikana.",
    ),
    "f87": ("Lukemisen ilo lapsille", "Lukukoirat kuuntelevat, kun lapset lukevat ääneen."),
    "f88": ("Vanhempainilta verkossa", "Vanhempainillat myös etänä, jotta kaikki pääsevät mukaan."),
    "f89": ("Energiaremontit taloyhtiöihin", "Neuvontaa aurinkopaneeleista ja lämpöpumpuista taloyhtiöille."),
    "f90": ("Yöbussi viikonloppuisin", "Yöbussit kulkevat lähiöihin perjantaina ja lauantaina."),
    # --- Swedish
    "s01": ("Besöksvänner för äldre", "Frivilliga besöker ensamma äldre i hemmet varje vecka."),
    "s02": ("Ensamheten bland äldre", "Telefonkedjor där äldre ringer varandra."),
    "s03": ("Äldreboendet och förskolan tillsammans", "Barn och äldre bakar och sjunger tillsammans."),
    "s04": ("Digitalt stöd för pensionärer", "Hjälp med smarttelefonen och bankkoden på biblioteket."),
    "s05": ("Läxhjälp på biblioteket", "Studenter hjälper skolelever med läxorna."),
    "s06": ("Skolgårdar öppna på kvällen", "Skolans gård öppen för familjer och föreningar efter skoltid."),
    "s07": ("Fler lärare i skolorna", "Mindre klasser och fler lärare i grundskolan."),
    "s08": ("Skolmat med mindre svinn", "Skolorna väger matsvinnet och halverar det."),
    "s09": ("Bokbussen till förorten", "Bokbussen stannar vid skolor och butiker."),
    "s10": ("Verktygsbibliotek", "Låna borrmaskiner och sågar med lånekortet."),
    "s11": ("Bibliotekets öppettider", "Meröppet bibliotek även på kvällar och helger."),
    "s12": ("Sommarjobb för unga", "Kommunen anställer unga i parker och bibliotek på sommaren."),
    "s13": ("Ungdomsgård på fredagar", "En plats för unga att umgås sent på fredagskvällar."),
    "s14": ("Ungas psykiska hälsa", "Samtalsstöd för unga i chatt utan väntetid."),
    "s15": ("Hälsokiosk i köpcentret", "Sjuksköterskan mäter blodtrycket utan tidsbokning."),
    "s16": ("Vårdcentralen närmare", "En mobil vårdcentral åker runt i byarna."),
    "s17": ("Tandvård utan köer", "Kvällsmottagning hos tandläkaren för att korta köerna."),
    "s18": ("Cykelvägar till skolorna", "Trygga cykelvägar till varje skola."),
    "s19": ("Vintercykling för alla", "Låna dubbdäck och gå en kurs i vintercykling."),
    "s20": ("Utegym i parken", "Gratis utegym för alla åldrar."),
    "s21": ("Promenadgrupp för seniorer", "Ledda promenader och balansövningar i parken."),
    "s22": ("Återvinning i varje kvarter", "Enkel återvinning av plast och glas i flerfamiljshus."),
    "s23": ("Reparationskafé för kläder", "Vi lagar kläder tillsammans med symaskiner."),
    "s24": ("Matsvinn från butikerna", "Butikernas överskottsmat delas ut till invånarna."),
    "s25": ("Odlingslotter på gården", "Grannarna odlar grönsaker i en gemensam trädgård."),
    "s26": ("Klimatsmarta skolor", "Eleverna mäter skolans energiförbrukning och sparar el."),
    "s27": ("Språkcafé för invandrare", "Öva svenska över en kopp kaffe."),
    "s28": ("Integration genom arbete", "Nyanlända får praktik på lokala företag."),
    "s29": ("Vänfamilj för nyanlända", "En familj visar vardagen och grannskapet."),
    "s30": ("Mötesplats för arbetslösa", "Arbetslösa får kamratstöd och jobbtips."),
    "s31": ("Jobbsökarklinik", "Hjälp med ansökningar och CV varje onsdag."),
    "s32": ("Fyradagarsvecka på prov", "Kommunen provar kortare arbetsvecka på ett kontor."),
    "s33": ("Kulturpromenad i staden", "Guidad promenad till lokala konstnärers ateljéer."),
    "s34": ("Musik på äldreboenden", "Musiker spelar för de boende."),
    "s35": ("Teater för alla", "Gratis föreställningar för familjer med låga inkomster."),
    "s36": ("Kör för alla åldrar", "En öppen kör där alla får sjunga utan provsjungning."),
    "s37": ("Bostad först för hemlösa", "Först ett hem, sedan annat stöd."),
    "s38": ("Billiga bostäder för studenter", "Studentbostäder i gamla kontorshus."),
    "s39": ("Gratis kollektivtrafik för unga", "Bussar och spårvagnar gratis för alla under 18 år."),
    "s40": ("Anropstaxi till byarna", "Anropstrafik till butiken och vårdcentralen."),
    "s41": ("Förskolorna ut i skogen", "Varje förskolegrupp gör en skogsutflykt varje vecka."),
    "s42": ("Familjecafé i förorten", "Föräldrar och bebisar träffas på förmiddagarna."),
    "s43": ("Volontärtorget", "Föreningar visar upp volontäruppdrag samma dag."),
    "s44": ("Grannhjälp i en app", "Grannar ber om och erbjuder hjälp med matkassar."),
    "s45": ("Medborgarbudget", "Invånarna röstar om hur kommunens pengar används."),
    "s46": ("Lättläst svenska i kommunens information", "Kommunens meddelanden även på lättläst svenska."),
    "s47": ("Färre möten", "Färre möten och mer tid att göra saker."),
    "s48": ("Distansarbete på biblioteken", "Tysta arbetsplatser för distansarbetare på biblioteken."),
    "s49": ("Skolornas samarbete med idrottsföreningar", "Idrottsföreningar leder idrott under skoldagen."),
    "s50": ("Matbank i församlingshemmet", "Mathjälp delas ut på onsdagar."),
    "s51": ("Bastukväll för nyanlända", "Den finländska bastukulturen blir bekant."),
    "s52": ("Energirenoveringar i husbolag", "Rådgivning om solpaneler och värmepumpar."),
    "s53": ("Nattbuss på helgerna", "Nattbussar till förorterna på fredagar och lördagar."),
    "s54": ("Läsglädje för barn", "Läshundar lyssnar när barnen läser högt."),
    "s55": ("Tvåspråkiga skolor", "Finska och svenska skolor under samma tak."),
    # --- English
    "e01": ("Visiting friends for older people", "Volunteers visit lonely older people at home every week."),
    "e02": ("Tackling loneliness among the elderly", "Phone circles where elderly people call each other."),
    "e03": ("Care home meets kindergarten", "Children and elderly residents bake and sing together."),
    "e04": ("Digital help for seniors", "Help with smartphones and online banking at the library."),
    "e05": ("Homework club at the library", "Student volunteers help pupils with their homework."),
    "e06": ("Open school yards in the evening", "School grounds open to families and clubs after hours."),
    "e07": ("More teachers in schools", "Smaller classes and more teachers in primary schools."),
    "e08": ("School meals without waste", "Schools weigh the food waste and halve it."),
    "e09": ("Mobile library for the suburbs", "The library bus stops at schools and shops."),
    "e10": ("A library of things", "Borrow drills and saws with your library card."),
    "e11": ("Longer library opening hours", "Self-service libraries open in the evenings and at weekends."),
    "e12": ("Summer jobs for young people", "The city hires young people in parks and libraries."),
    "e13": ("Youth club on Fridays", "A place for teenagers to hang out late on Friday nights."),
    "e14": ("Youth mental health chat", "Anonymous chat support for young people, no waiting list."),
    "e15": ("Health kiosk in the mall", "A nurse checks blood pressure without an appointment."),
    "e16": ("Health services closer to home", "A mobile health clinic visits the villages."),
    "e17": ("Dental care without queues", "Evening dental appointments to shorten the queues."),
    "e18": ("Safe cycling routes to schools", "Protected bike lanes to every school."),
    "e19": ("Winter cycling for everyone", "Borrow studded tyres and take a winter cycling course."),
    "e20": ("Outdoor gym in the park", "A free outdoor gym for all ages."),
    "e21": ("Walking group for seniors", "Guided walks and balance exercises in the park."),
    "e22": ("Recycling on every block", "Easy recycling of plastic and glass in blocks of flats."),
    "e23": ("Repair cafe for clothes", "We mend clothes together on sewing machines."),
    "e24": ("Food waste from supermarkets", "Supermarkets share surplus food with residents."),
    "e25": ("Community garden in the courtyard", "Neighbours grow vegetables in a shared garden."),
    "e26": ("Climate-smart schools", "Pupils measure the school's energy use and save electricity."),
    "e27": ("Language cafe for immigrants", "Practise Finnish over a cup of coffee."),
    "e28": ("Integration through work", "Newcomers get work placements in local companies."),
    "e29": ("Buddy families for newcomers", "A local family shows everyday life and the neighbourhood."),
    "e30": ("Meeting place for the unemployed", "Unemployed people find peer support and job tips."),
    "e31": ("Job search clinic", "Help with applications and CVs every Wednesday."),
    "e32": ("Four-day week trial", "The city tries a shorter working week in one office."),
    "e33": ("Culture walk in town", "A guided walk to local artists' studios."),
    "e34": ("Music in care homes", "Musicians play for the residents of care homes."),
    "e35": ("Theatre for everyone", "Free performances for low-income families."),
    "e36": ("A choir for all ages", "An open choir where anyone can sing without an audition."),
    "e37": ("Housing first for the homeless", "A home first, then other support."),
    "e38": ("Affordable student housing", "Student flats in old office buildings."),
    "e39": ("Free public transport for young people", "Buses and trams free for everyone under 18."),
    "e40": ("On-demand taxi for villages", "Demand-responsive transport to shops and the health centre."),
    "e41": ("Kindergartens in the forest", "Every kindergarten group goes on a forest trip each week."),
    "e42": ("Family cafe in the suburb", "Parents and babies meet in the mornings."),
    "e43": ("Volunteering fair", "Organisations present volunteering roles on the same day."),
    "e44": ("Neighbour help app", "Neighbours ask for and offer help with carrying shopping."),
    "e45": ("Participatory budgeting", "Residents vote on how the city's money is spent."),
    "e46": ("Plain language in city news", "City announcements in plain language too."),
    "e47": ("Fewer meetings", "Fewer meetings and more time for getting things done."),
    "e48": ("Remote work spots in libraries", "Quiet desks for remote workers in libraries."),
    "e49": ("Sports clubs working with schools", "Sports clubs lead exercise during the school day."),
    "e50": ("Food bank in the parish hall", "Food aid handed out on Wednesdays."),
    "e51": ("Meeting notes everyone can read", "Short notes after every meeting, shared openly."),
    "e52": ("Energy renovations for housing companies", "Advice on solar panels and heat pumps."),
    "e53": ("Night bus at weekends", "Night buses to the suburbs on Fridays and Saturdays."),
    "e54": ("Reading dogs for children", "Dogs listen while children read aloud."),
    "e55": ("Bilingual schools", "Finnish and Swedish schools under one roof."),
}

QUERIES: list[Query] = [
    # --- Finnish
    q("fi", "vanhus", "f01 f02 f05", "base form finds vanhuksille, vanhusten, vanhukset"),
    q("fi", "vanhuksille", "f01 f02 f05", "inflected form finds the others"),
    q("fi", "yksinäisyys", "f02 f04", "yksinäisyyttä"),
    q("fi", "yksinäisiä vanhuksia", "f02", "two inflected words, both needed"),
    q("fi", "koulutus", "f08 f10 f11 f28", "koulutusta, koulutuksia, koulutuksen, aikuiskoulutus"),
    q("fi", "koulutuksen tasa-arvo", "f11", "a hyphenated word"),
    q(
        "fi",
        "kirjastossa",
        "f06 f12 f15 f17 f29 f56 f78 f16 f14 f18",
        "kirjasto in every case and compound (kirjastoauto, omatoimikirjasto)",
    ),
    q("fi", "kirjastoauto", "f14", "a compound as a whole"),
    q(
        "fi",
        "nuorille",
        "f08 f18 f19 f20 f21 f22 f56 f59 f62 f79",
        "nuori: nuorten, nuoria, nuoret, nuorelle",
    ),
    q("fi", "nuorten mielenterveys", "f20", "two words"),
    q("fi", "terveys", "f20 f23 f24 f25 f28 f47 f63", "terveys at either end of a compound (mielenterveys)"),
    q("fi", "terveyspalvelu", "f24", "a compound in its base form finds the plural"),
    q("fi", "terv", "f20 f23 f24 f25 f27 f28 f47 f63", "a word beginning, also of a compound's last part"),
    q("fi", "pyöräily", "f31 f36", "pyöräilyreitit, talvipyöräily(stä)"),
    q("fi", "pyoraily", "f31 f36", "a for ä, o for ö: an English keyboard"),
    q("fi", "kävely", "f30 f33 f52", "kävelyjä, kävelyä, kulttuurikävely"),
    q("fi", "kierrätys", "f37", "kierrätyspiste"),
    q("fi", "ruokahävikki", "f40 f84", "a compound, as written in two ideas"),
    q("fi", "maahanmuuttajille kielikahvila", "f44", "two words, one inflected"),
    q("fi", "maahanmuuttajat", "f17 f44 f45 f85", "maahanmuuttajille, maahanmuuttajat"),
    q("fi", "työttömät", "f08 f35 f48", "työttömille, työttömien"),
    q("fi", "eläkeläisille", "f07 f49", "eläkeläisten"),
    q("fi", "kulttuuria lapsiperheille", "f57", "inflected, one word inside a compound"),
    q("fi", "asunnottomille", "f58", "asunnoton in the allative plural"),
    q("fi", "asunnot nuorille", "f59", "asunnot and nuorille both"),
    q("fi", "bussipysäkki", "f64", "bussipysäkeille"),
    q("fi", "päiväkodit metsään", "f65", "päiväkotien, metsässä"),
    q("fi", "paivakoti", "f05 f65", "without dots"),
    q("fi", "vapaaehtoisia", "f01 f12 f67 f69 f72", "vapaaehtoiset, vapaaehtoinen, vapaaehtoistyö"),
    q("fi", "kokoukset", "f77", "kokousten, kokouksia"),
    # --- Swedish
    q("sv", "äldre", "s01 s02 s03 s34", "äldre as a word and in äldreboendet"),
    q("sv", "ensamhet", "s01 s02", "ensamheten; ensamma (a derived word)"),
    q("sv", "skola", "s06 s07 s08 s09 s18 s26 s49 s55", "skolorna, skolans, skolor, skolmat"),
    q("sv", "skolorna", "s07 s08 s18 s49 s55 s06 s26 s09", "the definite plural finds skola, skolor"),
    q("sv", "biblioteket", "s04 s05 s11 s12 s48 s10", "bibliotek, biblioteken, verktygsbibliotek"),
    q("sv", "unga", "s12 s13 s14 s39", "unga, ungas"),
    q("sv", "hälsa", "s14 s15", "hälsa, hälsokiosk"),
    q("sv", "vårdcentral", "s16 s40", "vårdcentralen"),
    q("sv", "cykelväg", "s18", "cykelvägar"),
    q("sv", "återvinning", "s22", "plain"),
    q("sv", "matsvinnet", "s08 s24", "matsvinn, matsvinnet"),
    q("sv", "invandrare språkcafé", "s27", "two words"),
    q("sv", "nyanlända", "s28 s29 s51", "plain"),
    q("sv", "arbetslösa", "s30", "plain"),
    q("sv", "bostäder", "s37 s38", "bostad, bostäder, studentbostäder"),
    q("sv", "kollektivtrafiken", "s39", "definite form"),
    q("sv", "förskolan", "s03 s41", "förskolorna, förskolegrupp"),
    q("sv", "möten", "s47", "möten"),
    q("sv", "aldre", "s01 s02 s03 s34", "a for ä"),
    q("sv", "bastu", "s51", "bastukväll, bastukulturen"),
    # --- English
    q("en", "elderly", "e02 e03", "plain"),
    q("en", "loneliness older people", "e02 e01", "majority of three words"),
    q("en", "schools", "e06 e07 e08 e09 e18 e26 e49 e55", "school, schools, school's"),
    q("en", "library", "e04 e05 e09 e10 e11 e12 e48", "libraries"),
    q("en", "meetings", "e30 e47 e51", "meeting, meetings"),
    q("en", "cycling routes", "e18", "two words"),
    q("en", "volunteer", "e01 e05 e43", "volunteers, volunteering"),
    q("en", "recycle", "e22", "recycling shares the beginning"),
    q("en", "homeless housing", "e37", "both words"),
    q("en", "young people jobs", "e12", "three words, jobs→job"),
    q("en", "immigrants language", "e27", "two words"),
    q("en", "food waste", "e08 e24", "two words"),
    q("en", "kindergarten", "e03 e41", "kindergartens"),
    q("en", "health centre", "e40", "health and centre"),
    q("en", "children reading", "e54", "children, read"),
    q("en", "mental health", "e14", "two words"),
]


@dataclass(frozen=True)
class Figures:
    queries: int
    relevant: int
    found: int
    right: int

    @property
    def recall(self) -> float:
        return self.right / self.relevant if self.relevant else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0


def figures(results: dict[Query, list[str]], language: str | None = None) -> Figures:
    """Pooled over the queries (of one language): every idea a query returns counts, on every page."""
    chosen = [query for query in results if language in (None, query.language)]
    return Figures(
        queries=len(chosen),
        relevant=sum(len(query.relevant) for query in chosen),
        found=sum(len(results[query]) for query in chosen),
        right=sum(len(query.relevant & set(results[query])) for query in chosen),
    )


def misses(results: dict[Query, list[str]]) -> list[str]:
    """What each imperfect query missed or found wrongly, for a failure message."""
    lines = []
    for query, found in results.items():
        missed, wrong = query.relevant - set(found), set(found) - query.relevant
        if missed or wrong:
            lines.append(
                f"{query.words!r}: missed {sorted(missed)}, wrongly found {sorted(wrong)} ({query.why})"
            )
    return lines


def seed(db: Database, team_id: str, copies: int = 1) -> dict[int, str]:
    """The set's ideas in one workspace (`copies` times over, for timing); idea number → key."""
    keys = {}
    rows = []
    for copy in range(copies):
        for key, (title, description) in IDEAS.items():
            number = len(rows) + 1
            rows.append(
                {
                    "team_id": team_id,
                    "number": number,
                    "kind": "idea",
                    "title": title,
                    "description": description,
                }
            )
            if copy == 0:
                keys[number] = key
    with db.session() as session:
        ensure_workspace(session, team_id)
        session.execute(insert(Idea), rows)
    return keys


def search_all(db: Database, team_id: str, keys: dict[int, str]) -> dict[Query, list[str]]:
    """Every query, with every idea it returns on every page, best first."""
    results: dict[Query, list[str]] = {}
    with db.read() as session:
        for query in QUERIES:
            found: list[str] = []
            offset = 0
            while True:
                page = ideas_queries.search(session, team_id, query.words, offset=offset)
                found += [keys[idea.number] for idea in page.ideas]
                if not page.has_more:
                    break
                offset += len(page.ideas)
            results[query] = found
    return results
