"""Labelled customer data for benchmarking the matcher: fast, deterministic, in both systems' native schemas.

    python benchmarks/datagen.py 10000          # prints counts (and how long generation took)

`generate(records, seed)` invents real-world parties (about 60% organisations, 40% persons) in the two
companies `usmf` (US data) and `demf` (German data) and renders each as 1 to 4 customer rows spread over
F&O `CustomersV3` and Dataverse `accounts` / sellable `contacts`, with the corruptions real duplicates carry
(typos, legal-form and abbreviation variants, nicknames, umlaut spellings, phone formats, missing values,
moved addresses, ...) and the look-alikes that are *not* duplicates (companies sharing words, subsidiaries
sharing a head-office phone, generic mailboxes, very common person names, households). `truth` labels every
row with its party. Everything is drawn from one `random.Random(seed)`: no Faker, no global random state.

All probabilities are module constants below, so a reader can see what the benchmark is made of. Rows look
as the systems return them: F&O sends every field of the row's party type, blank ones as ""; Dataverse sends
null and expands lookups (`"msdyn_customergroupid": {"msdyn_groupid": "10"}`).

Within-system duplicates: with two systems, every party with 3 or 4 records has two of them in one system, so
with the 45/35/15/5 mix of party sizes at least ~23% of the true pairs are within one system however records
are placed. `WITHIN_SYSTEM` is therefore the chance that a duplicate record goes to a system already holding
the party although the other holds fewer (15% of 2-record parties sit in one system); overall ~29% of the true
pairs and ~38% of the duplicate records are within one system (`python benchmarks/datagen.py 10000`).
"""

import random
import sys
import time
from bisect import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any

FNO = "fno"
DATAVERSE = "dataverse"
CUSTOMERS_V3 = "CustomersV3"
ACCOUNTS = "accounts"
CONTACTS = "contacts"

Row = dict[str, Any]
TruthKey = tuple[str, str, str, str]  # (system, entity_set, company, key)

# --- what the data is made of -------------------------------------------------------------------------
ORGANISATION_SHARE = 0.6
COMPANY_SHARE_US = 0.55  # of parties in usmf; the rest in demf
SIZE_WEIGHTS = {1: 45, 2: 35, 3: 15, 4: 5}  # records per party
FIRST_RECORD_IN_FNO = 0.5
WITHIN_SYSTEM = 0.15  # a duplicate record deliberately placed in a system that already holds the party
DUAL_WRITE_COPY = 0.37  # a cross-system duplicate is a dual-write copy (same key); tuned to ~30% of pairs
OTHER_COMPANY = 0.03  # a duplicate record in the party's other company

# missing values, per record (originals too)
MISSING_EMAIL = 0.2
MISSING_PHONE = {"org": 0.18, "person": 0.22}
MISSING_STREET = 0.17
MISSING_ADDRESS = 0.04  # street, city, postcode and state all blank
ORG_ID_NUMBER = 0.3  # records of organisations that carry the identification number
ORG_WEBSITE = 0.5
GENERIC_MAILBOX = {"org": 0.02, "person": 0.004}  # placeholder addresses shared by many parties
PLACEHOLDER_PHONE = 0.003

# corruptions, per duplicate record
NAME_TYPO = 0.2
STREET_TYPO = 0.1
CITY_TYPO = 0.03
LEGAL_FORM_VARIANT = 0.35
LEGAL_FORM_DROPPED = 0.1
LEGAL_FORM_ADDED = 0.05
AND_VARIANT = 0.4
THE_TOGGLED = 0.5
THE_ADDED = 0.03
ABBREVIATION = 0.5
UPPER_CASE = 0.06
LOWER_CASE = 0.02
NAMES_SWAPPED = 0.04
NICKNAME = 0.15
INITIAL_ONLY = 0.02
MIDDLE_DROPPED = 0.5
DOUBLE_NAME_SHORTENED = 0.3
UMLAUT_SPELLING = {"original": 0.1, "duplicate": 0.35}
EMAIL_CASE = 0.12
EMAIL_WHITESPACE = 0.05
OTHER_EMAIL = 0.1
OTHER_PHONE = 0.08
MOVED = 0.1
CITY_ALIAS = 0.15
ZIP_PLUS_FOUR = 0.1
DRIFT = 0.3  # a dual-write copy drifts with this fraction of the duplicate corruption rates

# look-alikes that are not duplicates
BRAND_FAMILY = 0.06  # an organisation starts a family of 2-5 parties sharing its brand word
HOUSEHOLD = 0.08  # a person starts a household of 2-4 (same address and last name, other first names)
HOUSEHOLD_SHARED_PHONE = 0.7
HOUSEHOLD_SHARED_EMAIL = 0.25
COMMON_NAME = 0.03
SUBSIDIARY_HQ_PHONE = 0.92


def _words(text: str) -> list[str]:
    return text.split()


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split("|") if item.strip()]


# --- vocabularies -------------------------------------------------------------------------------------
US_MALE = _words(
    "James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew "
    "Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward "
    "Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel "
    "Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Zachary "
    "Douglas Peter Kyle Noah Ethan Jeremy Walter Christian Keith Roger Terry Austin Sean Gerald Carl Harold "
    "Dylan Arthur Lawrence Jordan Jesse Bryan Bruce Gabriel Logan Alan Juan Albert Willie Elijah Wayne Randy "
    "Vincent Mason Roy Ralph Russell Bradley Philip Eugene Louis Howard Carlos Luis Wei Hiroshi Raj Mohammed "
    "Liam Owen Lucas Caleb Isaac Luke Hunter Evan Ian Connor Marcus Victor Martin Craig Shawn Todd Derek "
    "Curtis Travis Joel"
)
US_FEMALE = _words(
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Sandra Margaret "
    "Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Dorothy Rebecca Sharon "
    "Laura Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine Christine "
    "Helen Debra Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth "
    "Virginia Lauren Kelly Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha Madison "
    "Teresa Gloria Sara Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella Julia Grace Amber "
    "Denise Danielle Marilyn Beverly Charlotte Natalie Theresa Diana Brittany Doris Kayla Alexis Lori Marie "
    "Ava Mia Chloe Zoe Lily Ella Aria Priya Mei Yuki Fatima Sofia Camila Valentina Lucia Rosa Claire Erin "
    "Tiffany Crystal Monica Erica Wendy Tracy Alexandra Cindy Rebekah"
)
US_LAST = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
    "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
    "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz "
    "Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson "
    "Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray "
    "Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins "
    "Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero "
    "Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant "
    "Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez "
    "McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford "
    "Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer "
    "Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels "
    "Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold "
    "Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson "
    "Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards "
    "Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada Ortega Watkins Greene Nunez "
    "Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison Franklin Carlson Austin Dominguez Carr "
    "Lawson Jacobs O'Brien Lynch Singh Vega Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean "
    "Sims Espinoza Howell Li Wong Reid Hanson McCoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas "
    "Marquez Fields Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson "
    "Acosta Brewer May Holland Juarez Newman Pearson Curtis Douglas Schneider Joseph Barrett Navarro Keller "
    "Wade Molina Stanley Hopkins Barnett Chambers Caldwell Beck Lambert Miranda Byrd Craig Lowe Frazier "
    "Powers Neal Leonard Gregory Sutton Fleming O'Connor"
)
DE_MALE = _words(
    "Thomas Michael Andreas Stefan Christian Peter Klaus Wolfgang Jürgen Frank Uwe Bernd Markus Matthias "
    "Martin Jörg Dieter Sven Alexander Torsten Ralf Dirk Holger Oliver Sebastian Tobias Daniel Jan Florian "
    "Tim Lukas Jonas Felix Maximilian Paul Leon Finn Niklas Julian David Philipp Moritz Simon Johannes Hans "
    "Heinz Günter Helmut Manfred Horst Gerhard Werner Karl Friedrich Wilhelm Heinrich Walter Rolf Rainer "
    "Joachim Ulrich Norbert Reinhard Volker Harald Lothar Detlef Karsten Kai Björn Sören Jens Lars Nils "
    "Hendrik Marco Mario Patrick Dennis Marcel Kevin René Benjamin Fabian Dominik Marvin Pascal Robin Till "
    "Malte Ole Konstantin Vincent Emil Anton Elias Noah Ben Luca Erik Georg Ludwig Otto Kurt Herbert Ernst "
    "Gustav Axel Ingo Hartmut Bernhard Christoph Stephan Nikolaus Mehmet Ahmet Piotr"
)
DE_FEMALE = _words(
    "Sabine Petra Monika Claudia Susanne Andrea Birgit Stefanie Nicole Katrin Julia Anna Maria Laura Lena "
    "Sarah Lisa Katharina Christina Sandra Melanie Tanja Anja Nadine Silke Heike Karin Ursula Renate Helga "
    "Gisela Brigitte Ingrid Elke Gabriele Angelika Barbara Elisabeth Margarete Christa Hildegard Erika Ilse "
    "Gertrud Irmgard Bärbel Jutta Martina Kerstin Manuela Simone Daniela Anke Antje Britta Cornelia Doris "
    "Franziska Hannah Johanna Sophie Marie Emma Mia Leonie Lea Clara Charlotte Luisa Amelie Paula Greta Ida "
    "Frieda Mathilda Jana Vanessa Jessica Jennifer Carina Theresa Verena Miriam Judith Ulrike Dagmar Beate "
    "Regina Sylvia Annette Kathrin Jasmin Svenja Janina Ines Yvonne Astrid Dorothea Magdalena Christiane "
    "Marion Rita Waltraud Käthe Lieselotte Gudrun Hannelore Inge Friederike Alexandra Carolin Bettina "
    "Ayşe Elif Agnieszka"
)
DE_LAST = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter "
    "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner "
    "Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs "
    "Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler "
    "Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher "
    "Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich "
    "Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Ernst Lindner "
    "Hübner Kramer Jansen Franz Peter Hammer Götz Beyer Seifert Lenz Brinkmann Kirchner Wendt Stahl Hess "
    "Nowak Kowalski Yilmaz Kaya Demir Sahin Öztürk Arslan Bock Ulrich Kern Fiedler Thiel Wirth Dietz Marx "
    "Rieger Zimmer Behrens Schütz Brauer Kolb Schilling Geiger Ebert Vetter Bach Reuter Lutz Kunz Heinz "
    "Rausch Witt Nagel Frey Maurer Thiele Unger Schenk Ott Hanke Paul Fritz Scholl Hauser Kessler Alt "
    "Böttcher Krebs Berg Kruse Schade Hermann Wegner Busse Voß Sander Walther Ackermann Weise Pietsch Hoppe "
    "Schröter Schlüter Ahrens Jahn Engelhardt Haase Gerlach Schwab Wenzel Brückner Oswald Reinhardt Heller "
    "Mertens Grimm Sieber Fröhlich Barth Decker Köster Kühne Schrader Hesse Adam Lemke Bender Schön Wiegand "
    "Nickel Eckert Böhme Haupt Hartung Brand Michel Hein Riedel Blum Dörr Rupp Wilhelm Baier Strauß Preuß "
    "Kopp Glaser Döring Lux Raab Meister Kaufmann Petersen Förster Jäckel Göbel Dürr Lübke Häusler Wößner "
    "Rößler Gärtner"
)
NICKNAMES = {
    "Robert": ["Bob", "Rob", "Bobby"],
    "William": ["Bill", "Will", "Billy"],
    "Elizabeth": ["Liz", "Beth", "Betty"],
    "James": ["Jim", "Jimmy"],
    "John": ["Jack", "Johnny"],
    "Michael": ["Mike", "Mikey"],
    "Richard": ["Rick", "Dick"],
    "Thomas": ["Tom", "Tommy"],
    "Charles": ["Chuck", "Charlie"],
    "Joseph": ["Joe", "Joey"],
    "Christopher": ["Chris"],
    "Daniel": ["Dan", "Danny"],
    "Matthew": ["Matt"],
    "Anthony": ["Tony"],
    "Steven": ["Steve"],
    "Andrew": ["Andy"],
    "Joshua": ["Josh"],
    "Kenneth": ["Ken", "Kenny"],
    "Edward": ["Ed", "Ted", "Eddie"],
    "Ronald": ["Ron"],
    "Timothy": ["Tim"],
    "Jonathan": ["Jon"],
    "Nicholas": ["Nick"],
    "Benjamin": ["Ben"],
    "Samuel": ["Sam"],
    "Alexander": ["Alex"],
    "Patrick": ["Pat"],
    "Gregory": ["Greg"],
    "Jennifer": ["Jen", "Jenny"],
    "Margaret": ["Maggie", "Peggy"],
    "Katherine": ["Kate", "Kathy", "Katie"],
    "Patricia": ["Pat", "Patty"],
    "Susan": ["Sue", "Susie"],
    "Deborah": ["Debbie", "Deb"],
    "Jessica": ["Jess"],
    "Rebecca": ["Becky"],
    "Victoria": ["Vicky"],
    "Christina": ["Tina", "Chris"],
    "Samantha": ["Sam"],
    "Kimberly": ["Kim"],
    "Pamela": ["Pam"],
    "Cynthia": ["Cindy"],
    "Barbara": ["Barb", "Babs"],
    "Stephanie": ["Steph", "Steffi"],
    "Abigail": ["Abby"],
    "Alexandra": ["Alex", "Sandra"],
    "Dorothy": ["Dot"],
    "Theresa": ["Terry"],
    "Katharina": ["Katja", "Kathi", "Kati"],
    "Johannes": ["Hannes", "Johann"],
    "Christian": ["Chris"],
    "Wolfgang": ["Wolf"],
    "Friedrich": ["Fritz"],
    "Wilhelm": ["Willi"],
    "Margarete": ["Grete", "Margit"],
    "Susanne": ["Susi"],
    "Gabriele": ["Gabi"],
    "Andreas": ["Andi"],
    "Matthias": ["Matze"],
    "Maximilian": ["Max"],
    "Sebastian": ["Basti"],
    "Tobias": ["Tobi"],
    "Nikolaus": ["Klaus", "Niko"],
    "Heinrich": ["Heinz"],
    "Magdalena": ["Lena"],
    "Franziska": ["Franzi"],
    "Dorothea": ["Doro"],
    "Stefanie": ["Steffi"],
    "Daniela": ["Dani"],
    "Ulrich": ["Uli"],
    "Joachim": ["Achim"],
    "Elisabeth": ["Lisa", "Elli", "Liesel"],
    "Stefan": ["Stephan"],
    "Stephan": ["Stefan"],
    "Christoph": ["Christof"],
    "Karsten": ["Carsten"],
    "Hans": ["Hannes"],
    "Lieselotte": ["Lotte", "Liselotte"],
}
COMMON_NAMES = {
    "usmf": [
        ("John", "Smith", "M"),
        ("Michael", "Johnson", "M"),
        ("James", "Williams", "M"),
        ("Mary", "Smith", "F"),
        ("David", "Brown", "M"),
        ("Robert", "Jones", "M"),
        ("Jennifer", "Miller", "F"),
        ("Michael", "Smith", "M"),
    ],
    "demf": [
        ("Michael", "Müller", "M"),
        ("Thomas", "Schmidt", "M"),
        ("Andreas", "Schneider", "M"),
        ("Stefan", "Fischer", "M"),
        ("Sabine", "Müller", "F"),
        ("Peter", "Weber", "M"),
        ("Christian", "Meyer", "M"),
        ("Thomas", "Müller", "M"),
    ],
}

# (city, state code, phone area code, postcode prefix)
US_CITIES = [
    tuple(item.split(","))
    for item in _items(
        "Redmond,WA,425,980|Seattle,WA,206,981|Bellevue,WA,425,980|Tacoma,WA,253,984|Spokane,WA,509,992|"
        "Portland,OR,503,972|Eugene,OR,541,974|Salem,OR,503,973|San Francisco,CA,415,941|Oakland,CA,510,946|"
        "San Jose,CA,408,951|Los Angeles,CA,213,900|San Diego,CA,619,921|Sacramento,CA,916,958|"
        "Fresno,CA,559,937|Long Beach,CA,562,908|Irvine,CA,949,926|Pasadena,CA,626,911|Santa "
        "Monica,CA,310,904|Palo Alto,CA,650,943|Phoenix,AZ,602,850|Tucson,AZ,520,857|Scottsdale,AZ,480,852|"
        "Las Vegas,NV,702,891|Reno,NV,775,895|Salt Lake City,UT,801,841|Denver,CO,303,802|Boulder,CO,303,803|"
        "Colorado Springs,CO,719,809|Albuquerque,NM,505,871|Dallas,TX,214,752|Houston,TX,713,770|"
        "Austin,TX,512,787|San Antonio,TX,210,782|Fort Worth,TX,817,761|El Paso,TX,915,799|Plano,TX,972,750|"
        "Oklahoma City,OK,405,731|Tulsa,OK,918,741|Kansas City,MO,816,641|St. Louis,MO,314,631|"
        "Omaha,NE,402,681|Minneapolis,MN,612,554|Saint Paul,MN,651,551|Milwaukee,WI,414,532|"
        "Madison,WI,608,537|Chicago,IL,312,606|Evanston,IL,847,602|Naperville,IL,630,605|"
        "Springfield,IL,217,627|Indianapolis,IN,317,462|Detroit,MI,313,482|Ann Arbor,MI,734,481|Grand "
        "Rapids,MI,616,495|Columbus,OH,614,432|Cleveland,OH,216,441|Cincinnati,OH,513,452|"
        "Pittsburgh,PA,412,152|Philadelphia,PA,215,191|Harrisburg,PA,717,171|Buffalo,NY,716,142|"
        "Rochester,NY,585,146|Albany,NY,518,122|New York,NY,212,100|Brooklyn,NY,718,112|Newark,NJ,973,071|"
        "Jersey City,NJ,201,073|Princeton,NJ,609,085|Boston,MA,617,021|Cambridge,MA,617,021|"
        "Worcester,MA,508,016|Providence,RI,401,029|Hartford,CT,860,061|Stamford,CT,203,069|"
        "Baltimore,MD,410,212|Washington,DC,202,200|Arlington,VA,703,222|Richmond,VA,804,232|"
        "Norfolk,VA,757,235|Raleigh,NC,919,276|Charlotte,NC,704,282|Durham,NC,919,277|Charleston,SC,843,294|"
        "Atlanta,GA,404,303|Savannah,GA,912,314|Nashville,TN,615,372|Memphis,TN,901,381|"
        "Louisville,KY,502,402|Birmingham,AL,205,352|New Orleans,LA,504,701|Jacksonville,FL,904,322|"
        "Miami,FL,305,331|Orlando,FL,407,328|Tampa,FL,813,336|Honolulu,HI,808,968|Anchorage,AK,907,995|"
        "Boise,ID,208,837|Des Moines,IA,515,503|Little Rock,AR,501,722|Jackson,MS,601,392|"
        "Burlington,VT,802,054|Portland,ME,207,041|Springfield,MO,417,658|Columbia,SC,803,292"
    )
]
DE_CITIES = [
    tuple(item.split(","))
    for item in _items(
        "Berlin,BE,30,10|Hamburg,HH,40,22|München,BY,89,80|Köln,NW,221,50|Frankfurt am Main,HE,69,60|"
        "Stuttgart,BW,711,70|Düsseldorf,NW,211,40|Dortmund,NW,231,44|Essen,NW,201,45|Leipzig,SN,341,04|"
        "Bremen,HB,421,28|Dresden,SN,351,01|Hannover,NI,511,30|Nürnberg,BY,911,90|Duisburg,NW,203,47|"
        "Bochum,NW,234,44|Wuppertal,NW,202,42|Bielefeld,NW,521,33|Bonn,NW,228,53|Münster,NW,251,48|"
        "Mannheim,BW,621,68|Karlsruhe,BW,721,76|Augsburg,BY,821,86|Wiesbaden,HE,611,65|"
        "Mönchengladbach,NW,2161,41|Gelsenkirchen,NW,209,45|Aachen,NW,241,52|Braunschweig,NI,531,38|"
        "Kiel,SH,431,24|Chemnitz,SN,371,09|Halle (Saale),ST,345,06|Magdeburg,ST,391,39|Freiburg im "
        "Breisgau,BW,761,79|Krefeld,NW,2151,47|Mainz,RP,6131,55|Lübeck,SH,451,23|Erfurt,TH,361,99|"
        "Oberhausen,NW,208,46|Rostock,MV,381,18|Kassel,HE,561,34|Hagen,NW,2331,58|Potsdam,BB,331,14|"
        "Saarbrücken,SL,681,66|Hamm,NW,2381,59|Ludwigshafen am Rhein,RP,621,67|Oldenburg,NI,441,26|Mülheim "
        "an der Ruhr,NW,208,45|Osnabrück,NI,541,49|Leverkusen,NW,214,51|Darmstadt,HE,6151,64|"
        "Heidelberg,BW,6221,69|Solingen,NW,212,42|Regensburg,BY,941,93|Herne,NW,2323,44|Paderborn,NW,5251,33|"
        "Neuss,NW,2131,41|Ingolstadt,BY,841,85|Offenbach am Main,HE,69,63|Fürth,BY,911,90|Würzburg,BY,931,97|"
        "Ulm,BW,731,89|Heilbronn,BW,7131,74|Pforzheim,BW,7231,75|Wolfsburg,NI,5361,38|Göttingen,NI,551,37|"
        "Bottrop,NW,2041,46|Reutlingen,BW,7121,72|Koblenz,RP,261,56|Bremerhaven,HB,471,27|"
        "Recklinghausen,NW,2361,45|Bergisch Gladbach,NW,2202,51|Erlangen,BY,9131,91|Jena,TH,3641,07|"
        "Remscheid,NW,2191,42|Trier,RP,651,54|Salzgitter,NI,5341,38|Moers,NW,2841,47|Siegen,NW,271,57|"
        "Hildesheim,NI,5121,31|Gütersloh,NW,5241,33|Kaiserslautern,RP,631,67|Cottbus,BB,355,03|"
        "Schwerin,MV,385,19|Witten,NW,2302,58|Esslingen am Neckar,BW,711,73|Gera,TH,365,07|"
        "Iserlohn,NW,2371,58|Düren,NW,2421,52|Zwickau,SN,375,08|Flensburg,SH,461,24|Ratingen,NW,2102,40|"
        "Konstanz,BW,7531,78|Marburg,HE,6421,35|Lüneburg,NI,4131,21|Passau,BY,851,94|Bamberg,BY,951,96|"
        "Bayreuth,BY,921,95|Rosenheim,BY,8031,83|Landshut,BY,871,84|Wetzlar,HE,6441,35|Fulda,HE,661,36|"
        "Weimar,TH,3643,99"
    )
]
STATE_NAMES = {
    "usmf": dict(
        item.split(":")
        for item in _items(
            "WA:Washington|OR:Oregon|CA:California|AZ:Arizona|NV:Nevada|UT:Utah|CO:Colorado|NM:New Mexico|"
            "TX:Texas|OK:Oklahoma|MO:Missouri|NE:Nebraska|MN:Minnesota|WI:Wisconsin|IL:Illinois|IN:Indiana|"
            "MI:Michigan|OH:Ohio|PA:Pennsylvania|NY:New York|NJ:New Jersey|MA:Massachusetts|RI:Rhode Island|"
            "CT:Connecticut|MD:Maryland|DC:District of Columbia|VA:Virginia|NC:North Carolina|SC:South "
            "Carolina|GA:Georgia|TN:Tennessee|KY:Kentucky|AL:Alabama|LA:Louisiana|FL:Florida|HI:Hawaii|"
            "AK:Alaska|ID:Idaho|IA:Iowa|AR:Arkansas|MS:Mississippi|VT:Vermont|ME:Maine"
        )
    ),
    "demf": dict(
        item.split(":")
        for item in _items(
            "BE:Berlin|HH:Hamburg|BY:Bayern|NW:Nordrhein-Westfalen|HE:Hessen|BW:Baden-Württemberg|SN:Sachsen|"
            "HB:Bremen|NI:Niedersachsen|SH:Schleswig-Holstein|ST:Sachsen-Anhalt|RP:Rheinland-Pfalz|"
            "TH:Thüringen|MV:Mecklenburg-Vorpommern|BB:Brandenburg|SL:Saarland"
        )
    ),
}
CITY_ALIASES = {
    "New York": ["New York City", "NYC", "NEW YORK"],
    "St. Louis": ["Saint Louis", "St Louis"],
    "Saint Paul": ["St. Paul", "St Paul"],
    "Fort Worth": ["Ft. Worth", "Ft Worth"],
    "Los Angeles": ["LA", "L.A."],
    "Washington": ["Washington DC", "Washington, D.C."],
    "Salt Lake City": ["Salt Lake"],
    "Frankfurt am Main": ["Frankfurt", "Frankfurt a.M.", "Frankfurt/Main", "Frankfurt a. M."],
    "München": ["Munich"],
    "Köln": ["Cologne"],
    "Nürnberg": ["Nuremberg"],
    "Halle (Saale)": ["Halle", "Halle/Saale"],
    "Freiburg im Breisgau": ["Freiburg", "Freiburg i. Br."],
    "Ludwigshafen am Rhein": ["Ludwigshafen"],
    "Mülheim an der Ruhr": ["Mülheim", "Mülheim a.d. Ruhr"],
    "Offenbach am Main": ["Offenbach"],
    "Esslingen am Neckar": ["Esslingen"],
}
US_STREETS = _words(
    "Main Oak Maple Cedar Pine Elm Washington Lake Hill Park Sunset Madison Lincoln Jefferson Franklin "
    "Jackson Adams Monroe Walnut Chestnut Spruce Willow Birch Cherry Hickory Magnolia Dogwood Aspen Sycamore "
    "Poplar Laurel Holly Juniper Redwood Cypress Highland Ridge Valley River Forest Meadow Spring Church "
    "Mill School Center Market Broad High Front Water Bridge Union Liberty Prospect Pleasant Grove Orchard "
    "Garden Harbor Bay Ocean Beach Shore Lakeview Hillside Fairview Glenwood Greenwood Woodland Riverside "
    "Parkview Brookside College University Academy Commerce Industrial Enterprise Technology Corporate "
    "Executive Airport Railroad Canal Pioneer Frontier Heritage Colonial Victoria King Queen Prince Duke "
    "Kennedy Roosevelt Wilson Grant Sherman Marshall Hamilton Clinton Cleveland Harrison Taylor Polk Tyler "
    "Pierce Hayes Garfield Arthur Hoover Truman First Second Third Fourth Fifth Sixth Seventh Eighth Ninth "
    "Tenth 11th 12th 14th 15th 23rd 42nd 100th 148th 156th Microsoft Bel-Red Northup Redmond-Woodinville "
    "Willows Old-Mill"
)
US_STREET_TYPES = {  # full form first, then abbreviations
    "Street": ["Street", "St.", "St"],
    "Avenue": ["Avenue", "Ave.", "Ave"],
    "Road": ["Road", "Rd.", "Rd"],
    "Drive": ["Drive", "Dr.", "Dr"],
    "Boulevard": ["Boulevard", "Blvd.", "Blvd"],
    "Lane": ["Lane", "Ln.", "Ln"],
    "Court": ["Court", "Ct.", "Ct"],
    "Way": ["Way"],
    "Place": ["Place", "Pl.", "Pl"],
    "Parkway": ["Parkway", "Pkwy", "Pkwy."],
    "Circle": ["Circle", "Cir."],
    "Terrace": ["Terrace", "Ter."],
}
US_STREET_TYPE_WEIGHTS = {
    "Street": 30,
    "Avenue": 20,
    "Road": 12,
    "Drive": 10,
    "Boulevard": 5,
    "Lane": 6,
    "Court": 4,
    "Way": 6,
    "Place": 3,
    "Parkway": 2,
    "Circle": 1,
    "Terrace": 1,
}
US_DIRECTIONS = {
    "N": ["N", "N.", "North"],
    "S": ["S", "S.", "South"],
    "E": ["E", "E.", "East"],
    "W": ["W", "W.", "West"],
    "NE": ["NE", "N.E.", "Northeast"],
}
SUITES = ["Suite {}", "Ste {}", "Ste. {}", "#{}", "Unit {}"]
DE_STREETS = _words(
    "Haupt Bahnhof Kirch Schul Garten Dorf Berg Wald Ring Linden Birken Eichen Buchen Tannen Ahorn Kastanien "
    "Rosen Tulpen Nelken Blumen Wiesen Feld Mühlen Brunnen Markt Burg Schloss Park Friedhof Post Industrie "
    "Gewerbe Hafen Wasser See Teich Bach Brücken Goethe Schiller Lessing Herder Heine Mozart Beethoven "
    "Händel Wagner Kant Humboldt Bismarck Kaiser König Fürsten Grafen Ritter Bürger Rathaus Gerber Weber "
    "Schmiede Sonnen Stern Sommer Winter Lerchen Amsel Finken Meisen Falken Adler Hirsch Fuchs Dachs Hasen "
    "Jäger Förster Hohe Lange Kurze Breite Neue Alte Obere Untere Mittel Ost West Nord Süd Sand Stein Kies "
    "Heide Moor Weiden Erlen Eschen Pappel Holunder Flieder Kiefern Fichten Hasel Apfel Birnen Kirschen "
    "Wein Hopfen Korn Hafer Gersten Roggen Weizen Mühlbach Graf-Adolf- Kurfürsten Friedrich-Ebert- "
    "Konrad-Adenauer- Theodor-Heuss- Karl-Marx- Rudolf-Diesel- Robert-Bosch- Otto-Hahn- Max-Planck- "
    "Albert-Schweitzer- Sophie-Scholl- Bergmann Zeppelin Daimler Benz Siemens Gutenberg Dürer Luther"
)
DE_ADJECTIVE_STEMS = frozenset(_words("Hohe Lange Kurze Breite Neue Alte Obere Untere"))
DE_STREET_TYPES = {  # suffix joined to the stem
    "straße": ["straße", "str.", "strasse", "str"],
    "weg": ["weg"],
    "allee": ["allee"],
    "platz": ["platz", "pl."],
    "ring": ["ring"],
    "gasse": ["gasse"],
    "damm": ["damm"],
    "steig": ["steig"],
}
DE_STREET_TYPE_WEIGHTS = {
    "straße": 58,
    "weg": 15,
    "allee": 5,
    "platz": 5,
    "ring": 6,
    "gasse": 5,
    "damm": 4,
    "steig": 2,
}
DE_SEPARATE_STREET = [" Straße", " Str.", " Strasse"]
DE_FIXED_STREETS = _items(
    "Am Markt|Am Bahnhof|An der Kirche|Im Winkel|Zum Sportplatz|Auf dem Berg|Am Hang|"
    "In der Au|Unter den Linden|Am Anger|Zur Mühle|Am Hafen|An der Alster|Im Gewerbepark"
)

US_BRANDS = _words(
    "Contoso Fabrikam Litware Northwind Tailspin Wingtip Proseware Coho Alpine Lucerne Trey Woodgrove "
    "Relecloud VanArsdel Humongous Southridge Northridge Summit Apex Pinnacle Vertex Zenith Horizon Frontier "
    "Pioneer Liberty Eagle Falcon Hawk Phoenix Titan Atlas Orion Polaris Meridian Vanguard Sterling Keystone "
    "Cornerstone Benchmark Landmark Heritage Legacy Premier Prime Elite Allied United Consolidated National "
    "American Pacific Atlantic Western Eastern Northern Southern Central Midwest Silver Golden Crimson "
    "Evergreen Redwood Cedar Oakwood Riverbend Lakeside Bayview Harbor Coastal Prairie Canyon Mesa Sierra "
    "Cascade Olympic Rainier Sequoia Aspen Magnolia Cypress Juniper Willow Maple Birch Hickory Ironwood "
    "Stonebridge Brightway Clearwater Crystal Diamond Emerald Sapphire Ruby Onyx Cobalt Copper Granite "
    "Marble Quartz Nova Stellar Lunar Solar Galaxy Quantum Fusion Synergy Nexus Vector Matrix Catalyst "
    "Dynamo Momentum Velocity Precision Reliable Superior Quality Standard Universal Global Continental "
    "Metro Urban Capital Empire Crown Royal Regal Monarch Sovereign Patriot Freedom Independence Unity "
    "Harmony Integrity Trinity Genesis Beacon Lighthouse Anchor Compass Navigator Voyager Explorer "
    "Trailblazer Pathfinder Ranger Mustang Bronco Stallion Bison Grizzly Timberline Blackstone Whitewater "
    "Bluebird Redbird Cardinal Oriole Heron Osprey Kestrel Condor Raven Sparrow Wren Finch Robin Lark Swift "
    "Arrow Spear Shield Sentinel Guardian Paragon Zephyr Aurora Solstice Equinox Tandem Keystone Brightline "
    "Bluewater Greenfield Fairfield Westfield Eastgate Northgate Southgate Ridgeline Highpoint Lakeshore "
    "Seaside Baywood Elmwood Pinecrest Oakridge Maplewood Cedarwood Birchwood Riverside Rockwell Ironside "
    "Steelhead Goldleaf Silverline Bluestone Redstone Greystone Blackwell Whitfield Ashford Bradford "
    "Stratford Kingsley Ashton Preston Carlton Hudson Madison Lexington Concord Salem Dover Aurora Adventure "
    "Margie's Fourth Wide-World Graphic Blue-Yonder"
)
DE_BRANDS = _words(
    "Nordwind Südwind Alpen Rhein Elbe Donau Main Weser Neckar Mosel Isar Spree Havel Harz Eifel Taunus "
    "Schwarzwald Allgäu Bodensee Nordsee Ostsee Hanse Kaiser König Adler Falke Löwe Bär Hirsch Wolf Fuchs "
    "Luchs Biber Eiche Linde Buche Tanne Birke Ahorn Edelweiß Enzian Stern Sonne Mond Blitz Donner Feuer "
    "Wasser Stahl Eisen Kupfer Silber Gold Kristall Diamant Saphir Rubin Achat Granit Basalt Marmor Quarz "
    "Contoso Fabrikam Northwind Litware Berolina Colonia Hammonia Monachia Saxonia Bavaria Franconia "
    "Westfalia Rhenania Borussia Germania Teutonia Hansa Baltica Nordica Alpina Vitalis Optima Maxima Primus "
    "Quadrat Kubus Prisma Spektrum Zentrum Meridian Horizont Zenit Polar Nova Stella Astra Luna Sol Terra "
    "Aqua Flora Fauna Vita Aurora Helios Atlas Orion Vega Sirius Merkur Jupiter Saturn Neptun Pluto Apollo "
    "Hermes Athena Minerva Juno Diana Ceres Vesta Janus Titan Phönix Greif Kranich Storch Reiher Schwan Möwe "
    "Falkner Brandenburg Sachsen Thüringen Pfalz Friesen Ems Lahn Ruhr Saar Lippe Fulda Werra Inn Lech Iller "
    "Wertach Regnitz Altmühl Kocher Jagst Tauber Murg Kinzig Wutach Glems Rems Enz Nagold Würm Amper Loisach "
    "Ammer Mangfall Traun Alz Salzach Ilm Saale Unstrut Mulde Pleiße Neiße Oder Peene Trave Eider Stör Oste "
    "Hunte Hase Vechte Berkel Wupper Sieg Agger Erft Rur Nahe Glan Queich Blies Prims Kyll Sauer Our Alf Elz "
    "Dreisam Wiese Kander Feldberg Brocken Zugspitze Watzmann Wendelstein Kahler Arber Rachel Lusen "
    "Hesselberg"
)
US_INDUSTRIES = _items(
    "Pharmaceuticals|Logistics|Manufacturing|International|Technologies|Consulting|Foods|Systems|Industries|"
    "Trading|Brothers|Retail|Supply|Solutions|Electronics|Motors|Construction|Engineering|Healthcare|Medical|"
    "Dental|Energy|Solar|Software|Partners|Group|Holdings|Services|Distribution|Imports|Textiles|Furniture|"
    "Design|Media|Marketing|Insurance|Realty|Properties|Capital|Ventures|Laboratories|Analytics|Networks|"
    "Communications|Telecom|Transport|Freight|Shipping|Aviation|Marine|Chemicals|Plastics|Metals|Steel|Paper|"
    "Packaging|Printing|Publishing|Books|Toys|Sports|Outdoor|Apparel|Fashion|Jewelry|Coffee|Bakery|Brewing|"
    "Beverages|Farms|Dairy|Produce|Seafood|Restaurants|Catering|Hotels|Travel|Auto Parts|Tire|Hardware|Tools|"
    "Lighting|Plumbing|Electric|Roofing|Landscaping|Cleaning|Security|Staffing|Education|Pet Supplies|Office "
    "Supplies|Medical Supplies|Associates|Company|International Trading|Manufacturing Company|Home Health|"
    "Dental Care|Financial|Accounting|Law Group|Architects|Biotech|Robotics|Aerospace|Semiconductor"
)
DE_INDUSTRIES = _items(
    "Bau|Logistik|Maschinenbau|Elektrotechnik|Handel|Spedition|Metallbau|Holzbau|Transporte|Pharma|Chemie|"
    "Software|Systemhaus|Beratung|Consulting|Immobilien|Verwaltung|Versicherungsmakler|Medizintechnik|"
    "Automobile|Getränke|Lebensmittel|Feinkost|Druck|Verlag|Elektro|Sanitär|Heizungsbau|Dachbau|Gartenbau|"
    "Gebäudereinigung|Sicherheitsdienst|Personalservice|Textil|Möbel|Kunststofftechnik|Verpackung|"
    "Werkzeugbau|Anlagenbau|Energietechnik|Solartechnik|Umwelttechnik|Messtechnik|Antriebstechnik|Stahlbau|"
    "Industrietechnik|Handelsgesellschaft|Vertrieb|Service|Technik|International|Holding|Gruppe|Partner|"
    "Dienstleistungen|Fahrzeugbau|Baustoffe|Glas|Papier|Reisen|Hotel|Gastronomie|Brauerei|Mühle|Landtechnik|"
    "Agrar|Forst|Entsorgung|Recycling|Medien|Werbung|Druckerei|Optik|Akustik|Pflegedienst|Labor|Biotech|"
    "Software und Beratung|Bau und Handel|Import Export|Logistik und Service"
)
DE_TRADES = _items(
    "Autohaus|Bäckerei|Metzgerei|Elektro|Malerbetrieb|Schreinerei|Zahnarztpraxis Dr.|Steuerberatung|"
    "Ingenieurbüro|Architekturbüro|Physiotherapie|Getränke|Blumen|Fahrschule|Reisebüro|Optik|Dachdeckerei|"
    "Sanitär|Spedition|Baustoffe|Friseursalon|Apotheke|Kanzlei|Tischlerei|Gärtnerei"
)
US_LEGAL = {"Inc": 25, "LLC": 25, "Corp": 12, "Ltd": 7, "Co": 5, "PLC": 2, "LP": 3, "": 21}
DE_LEGAL = {
    "GmbH": 45,
    "GmbH & Co. KG": 12,
    "AG": 6,
    "KG": 4,
    "& Co. KG": 3,
    "e.K.": 5,
    "UG": 5,
    "OHG": 3,
    "": 17,
}
LEGAL_VARIANTS = {
    "Inc": ["Inc", "Inc.", "Incorporated", ", Inc."],
    "LLC": ["LLC", "L.L.C.", "llc", ", LLC"],
    "Corp": ["Corp", "Corp.", "Corporation"],
    "Ltd": ["Ltd", "Ltd.", "Limited"],
    "Co": ["Co", "Co.", "Company"],
    "PLC": ["PLC", "plc", "P.L.C."],
    "LP": ["LP", "L.P."],
    "GmbH": ["GmbH", "G.m.b.H.", "Gmbh", "GMBH", "Gesellschaft mit beschränkter Haftung"],
    "GmbH & Co. KG": ["GmbH & Co. KG", "GmbH & Co KG", "GmbH u. Co. KG", "GmbH + Co. KG", "GmbH&Co.KG"],
    "AG": ["AG", "Aktiengesellschaft"],
    "KG": ["KG", "Kommanditgesellschaft"],
    "& Co. KG": ["& Co. KG", "& Co KG", "u. Co. KG", "und Co. KG"],
    "e.K.": ["e.K.", "e. K.", "eK"],
    "UG": ["UG (haftungsbeschränkt)", "UG (haftungsbeschraenkt)", "UG"],
    "OHG": ["OHG", "oHG"],
}
ABBREVIATIONS = {  # word -> the ways people write it
    "International": ["Intl", "Intl.", "Int'l"],
    "Intl": ["International"],
    "Manufacturing": ["Mfg", "Mfg."],
    "Company": ["Co.", "Co"],
    "Brothers": ["Bros.", "Bros"],
    "Technologies": ["Tech", "Technology"],
    "Services": ["Svcs", "Service"],
    "Associates": ["Assoc.", "Assocs"],
    "Laboratories": ["Labs", "Lab"],
    "Distribution": ["Distr.", "Distributors"],
    "Handelsgesellschaft": ["Handelsges.", "HandelsGes."],
    "Dienstleistungen": ["Dienstleistung", "DL"],
    "Elektrotechnik": ["E-Technik", "Elektro-Technik"],
    "Gruppe": ["Group"],
    "Group": ["Grp"],
    "Holding": ["Holdings"],
    "Holdings": ["Holding"],
    "Medical": ["Med."],
    "Engineering": ["Eng.", "Engg"],
    "Systems": ["Sys."],
    "Solutions": ["Sol."],
}
US_MAILBOXES = [
    "info",
    "sales",
    "contact",
    "office",
    "orders",
    "accounts",
    "hello",
    "service",
    "ap",
    "billing",
]
DE_MAILBOXES = ["info", "kontakt", "office", "vertrieb", "service", "buchhaltung", "post", "mail", "einkauf"]
US_FREE_MAIL = [
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "aol.com",
    "icloud.com",
    "comcast.net",
    "att.net",
    "msn.com",
    "live.com",
]
DE_FREE_MAIL = [
    "gmx.de",
    "web.de",
    "t-online.de",
    "gmail.com",
    "freenet.de",
    "yahoo.de",
    "outlook.de",
    "posteo.de",
    "mail.de",
    "gmx.net",
    "arcor.de",
]
GENERIC_MAILBOXES = {
    "org": [
        "info@gmail.com",
        "info@yahoo.com",
        "office@outlook.com",
        "info@hotmail.com",
        "info@gmx.de",
        "info@web.de",
        "kontakt@t-online.de",
        "buero@gmx.de",
    ],
    "person": ["no.email@gmail.com", "none@gmail.com", "keine@web.de", "noreply@gmx.de"],
}
PLACEHOLDER_PHONES = ["0000000000", "000-000-0000", "1234567890", "+49 000 000000", "0"]
US_TLDS = ["com"] * 16 + ["net", "net", "us", "co", "io", "biz"]
DE_TLDS = ["de"] * 17 + ["com", "com", "eu"]
COUNTRY_TEXT = {
    "USA": {"United States": 4, "USA": 3, "US": 2, "United States of America": 1, "U.S.": 1},
    "DEU": {"Germany": 4, "Deutschland": 4, "DE": 2, "DEU": 1, "GERMANY": 1},
}
JOBS = {
    "usmf": _items("Engineer|Teacher|Nurse|Consultant|Accountant|Student|Retired|Manager|Designer|Lawyer"),
    "demf": _items(
        "Ingenieur|Lehrerin|Krankenpfleger|Berater|Buchhalterin|Student|Rentner|Kaufmann|"
        "Architektin|Rechtsanwalt"
    ),
}

UMLAUT_E = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "é": "e",
        "ş": "s",
        "Ş": "S",
    }
)
UMLAUT_STRIP = str.maketrans(
    {"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "ss", "é": "e", "ş": "s", "Ş": "S"}
)
UMLAUTS = frozenset("äöüÄÖÜßéşŞ")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
EPOCH = datetime(2019, 1, 1, tzinfo=UTC)
_TRANSLATED = frozenset({"name", "first", "middle", "last", "street", "city"})  # spelt without umlauts


# --- the companies and their reference data -----------------------------------------------------------
@dataclass(frozen=True)
class Locale:
    code: str
    prefix: str
    currency: str
    iso3: str
    language: str
    male: list[str]
    female: list[str]
    last: list[str]
    cities: list[tuple[str, ...]]
    brands: list[str]
    industries: list[str]
    legal: dict[str, int]
    mailboxes: list[str]
    free_mail: list[str]
    tlds: list[str]
    org_groups: dict[str, int]
    person_groups: dict[str, int]
    terms_by_group: dict[str, str]
    methods: dict[str, int]
    schedules: list[str]
    paydays: list[str]


USMF = Locale(
    "usmf",
    "US",
    "USD",
    "USA",
    "en-us",
    US_MALE,
    US_FEMALE,
    US_LAST,
    US_CITIES,
    US_BRANDS,
    US_INDUSTRIES,
    US_LEGAL,
    US_MAILBOXES,
    US_FREE_MAIL,
    US_TLDS,
    {"10": 40, "20": 15, "30": 25, "80": 15, "90": 5},
    {"40": 80, "30": 20},
    {"10": "Net30", "20": "Net45", "30": "Net10", "40": "COD", "80": "Net30", "90": "Net60"},
    {"CHECK": 35, "ELECTRONIC": 35, "CARD": 15, "WIRE": 10, "CASH": 5},
    ["3x", "6x", "12M"],
    ["Fri", "Mon", "1st", "15th"],
)
DEMF = Locale(
    "demf",
    "DE",
    "EUR",
    "DEU",
    "de",
    DE_MALE,
    DE_FEMALE,
    DE_LAST,
    DE_CITIES,
    DE_BRANDS,
    DE_INDUSTRIES,
    DE_LEGAL,
    DE_MAILBOXES,
    DE_FREE_MAIL,
    DE_TLDS,
    {"10": 40, "20": 15, "30": 25, "50": 5, "80": 15},
    {"40": 85, "30": 15},
    {"10": "30T", "20": "60T", "30": "14T", "40": "SOFORT", "50": "30T", "80": "30T"},
    {"UEBERW": 50, "LASTSCHR": 30, "KARTE": 10, "BAR": 5, "SCHECK": 5},
    ["3R", "6R", "12R"],
    ["FR", "MO", "ULT", "15"],
)
LOCALES = {"usmf": USMF, "demf": DEMF}
OTHER_COMPANY_OF = {"usmf": "demf", "demf": "usmf"}

# (name, description, payment method type, days, payment day, payment schedule)
PAYMENT_TERMS = {
    "usmf": [
        ("Net10", "Net 10 days", "Net", 10, "", ""),
        ("Net30", "Net 30 days", "Net", 30, "Fri", ""),
        ("Net45", "Net 45 days", "Net", 45, "", ""),
        ("Net60", "Net 60 days", "Net", 60, "1st", ""),
        ("COD", "Cash on delivery", "COD", 0, "", ""),
        ("Due", "Due on receipt", "Net", 0, "", ""),
        ("Inst3", "Three instalments", "Net", 30, "", "3x"),
    ],
    "demf": [
        ("14T", "14 Tage netto", "Net", 14, "", ""),
        ("30T", "30 Tage netto", "Net", 30, "FR", ""),
        ("60T", "60 Tage netto", "Net", 60, "ULT", ""),
        ("14T2S", "14 Tage 2% Skonto", "Net", 14, "", ""),
        ("SOFORT", "Sofort ohne Abzug", "Net", 0, "", ""),
        ("VORKASSE", "Vorkasse", "COD", 0, "", ""),
        ("RATEN3", "Drei Raten", "Net", 30, "", "3R"),
    ],
}
CUSTOMER_GROUPS = {
    "usmf": [
        ("10", "Wholesale customers"),
        ("20", "Major customers"),
        ("30", "Retail customers"),
        ("40", "Internet customers"),
        ("80", "Other customers"),
        ("90", "Intercompany customers"),
    ],
    "demf": [
        ("10", "Großhandel"),
        ("20", "Großkunden"),
        ("30", "Einzelhandel"),
        ("40", "Privatkunden"),
        ("50", "Konzerngesellschaften"),
        ("80", "Sonstige Kunden"),
    ],
}
# (name, description, account type, payment type, SEPA, direct debit)
PAYMENT_METHODS = {
    "usmf": [
        ("CHECK", "Check", "Bank", "Check", False, False),
        ("ELECTRONIC", "Electronic payment", "Bank", "ElectronicPayment", False, False),
        ("CARD", "Credit card", "Bank", "CreditCard", False, False),
        ("WIRE", "Wire transfer", "Bank", "ElectronicPayment", False, False),
        ("CASH", "Cash", "Ledger", "Other", False, False),
    ],
    "demf": [
        ("UEBERW", "Überweisung", "Bank", "ElectronicPayment", True, False),
        ("LASTSCHR", "SEPA-Lastschrift", "Bank", "ElectronicPayment", True, True),
        ("KARTE", "Kreditkarte", "Bank", "CreditCard", False, False),
        ("BAR", "Barzahlung", "Ledger", "Other", False, False),
        ("SCHECK", "Scheck", "Bank", "Check", False, False),
    ],
}
# (name, description, number of payments)
PAYMENT_SCHEDULES = {
    "usmf": [
        ("3x", "Three monthly payments", 3),
        ("6x", "Six monthly payments", 6),
        ("12M", "Twelve months", 12),
    ],
    "demf": [("3R", "Drei Monatsraten", 3), ("6R", "Sechs Monatsraten", 6), ("12R", "Zwölf Monatsraten", 12)],
}
# (name, description)
PAYMENT_DAYS = {
    "usmf": [
        ("Fri", "Fridays"),
        ("Mon", "Mondays"),
        ("1st", "First of the month"),
        ("15th", "15th of the month"),
    ],
    "demf": [("FR", "Freitags"), ("MO", "Montags"), ("ULT", "Monatsende"), ("15", "Am 15. des Monats")],
}
ON_HOLD = {"No": 806380000, "Invoice": 806380001, "All": 806380002, "Payment": 806380003}
PAYMENT_METHOD_TYPES = {"Net": 806380991, "COD": 806380996}
ACCOUNT_TYPES = {"Ledger": 806380000, "Bank": 806380005}
PAYMENT_TYPES = {
    "Other": 806380000,
    "ElectronicPayment": 806380001,
    "Check": 806380002,
    "CreditCard": 806380004,
}


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def reference_rows() -> list[tuple[str, str, list[Row]]]:
    """Payment days, schedules, terms, customer groups and payment methods of both companies, in load order,
    first F&O then Dataverse."""
    fno: dict[str, list[Row]] = defaultdict(list)
    dv: dict[str, list[Row]] = defaultdict(list)
    for company in LOCALES:
        c = {"dataAreaId": company}
        d = {"msdyn_company": {"cdm_companycode": company}}
        for name, description in PAYMENT_DAYS[company]:
            fno["PaymentDaysCds"].append({**c, "Name": name, "Description": description})
            dv["msdyn_paymentdays"].append({**d, "msdyn_name": name, "msdyn_description": description})
        for name, description, payments in PAYMENT_SCHEDULES[company]:
            fno["PaymentSchedules"].append(
                {
                    **c,
                    "Name": name,
                    "Description": description,
                    "NumberOfPayments": payments,
                    "AllocationMethod": "NumOfPayment",
                    "PaymentFrequencyUnits": "Month",
                    "PaymentFrequency": 1,
                }
            )
            dv["msdyn_paymentschedules"].append(
                {
                    **d,
                    "msdyn_name": name,
                    "msdyn_description": description,
                    "msdyn_numberofpayments": payments,
                    "msdyn_allocationmethod": 806380002,
                    "msdyn_paymentfrequencyunit": 806380001,
                    "msdyn_paymentfrequency": 1,
                }
            )
        for name, description, method_type, days, payday, schedule in PAYMENT_TERMS[company]:
            fno["PaymentTerms"].append(
                {
                    **c,
                    "Name": name,
                    "Description": description,
                    "NumberOfDays": days,
                    "PaymentMethodType": method_type,
                    "PaymentDayName": payday,
                    "PaymentScheduleName": schedule,
                    "IsCashPayment": _yes_no(method_type == "COD"),
                }
            )
            dv["msdyn_paymentterms"].append(
                {
                    **d,
                    "msdyn_name": name,
                    "msdyn_description": description,
                    "msdyn_days": days,
                    "msdyn_paymentmethodtype": PAYMENT_METHOD_TYPES[method_type],
                    "msdyn_paymentdayname": {"msdyn_name": payday} if payday else None,
                    "msdyn_paymentschedulename": {"msdyn_name": schedule} if schedule else None,
                    "msdyn_iscashpayment": method_type == "COD",
                }
            )
        terms = LOCALES[company].terms_by_group
        for group, description in CUSTOMER_GROUPS[company]:
            fno["CustomerGroups"].append(
                {
                    **c,
                    "CustomerGroupId": group,
                    "Description": description,
                    "PaymentTermId": terms[group],
                    "IsSalesTaxIncludedInPrice": "No",
                }
            )
            dv["msdyn_customergroups"].append(
                {
                    **d,
                    "msdyn_groupid": group,
                    "msdyn_description": description,
                    "msdyn_paymenttermid": {"msdyn_name": terms[group]},
                    "msdyn_issalestaxincludedinprice": False,
                }
            )
        for name, description, account_type, payment_type, sepa, direct_debit in PAYMENT_METHODS[company]:
            fno["CustomerPaymentMethods"].append(
                {
                    **c,
                    "Name": name,
                    "Description": description,
                    "AccountType": account_type,
                    "PaymentType": payment_type,
                    "IsSEPA": _yes_no(sepa),
                    "DirectDebit": _yes_no(direct_debit),
                }
            )
            dv["msdyn_customerpaymentmethods"].append(
                {
                    **d,
                    "msdyn_name": name,
                    "msdyn_description": description,
                    "msdyn_accounttype": ACCOUNT_TYPES[account_type],
                    "msdyn_paymenttype": PAYMENT_TYPES[payment_type],
                    "msdyn_issepa": sepa,
                    "msdyn_directdebit": direct_debit,
                }
            )
    order = [
        ("PaymentDaysCds", "msdyn_paymentdays"),
        ("PaymentSchedules", "msdyn_paymentschedules"),
        ("PaymentTerms", "msdyn_paymentterms"),
        ("CustomerGroups", "msdyn_customergroups"),
        ("CustomerPaymentMethods", "msdyn_customerpaymentmethods"),
    ]
    return [(FNO, name, fno[name]) for name, _ in order] + [(DATAVERSE, name, dv[name]) for _, name in order]


# --- small helpers ------------------------------------------------------------------------------------
class Weighted:
    """A weighted choice that costs one random() and one bisect."""

    def __init__(self, weights: dict[Any, float]):
        self.items = list(weights)
        self.cumulative = []
        total = 0.0
        for weight in weights.values():
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def _zipf(items: list[str], exponent: float) -> Weighted:
    """Earlier entries are more common (lists are ordered roughly by frequency)."""
    return Weighted({item: 1 / (rank + 1) ** exponent for rank, item in enumerate(dict.fromkeys(items))})


def typo(rng: random.Random, text: str) -> str:
    """Swap, drop, insert or replace one character (not the first)."""
    n = len(text)
    if n < 3:
        return text
    i = rng.randrange(1, n - 1)
    op = rng.random()
    if op < 0.3:
        result = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    elif op < 0.5:
        result = text[:i] + text[i + 1 :]
    elif op < 0.75:
        result = text[:i] + rng.choice(LETTERS) + text[i:]
    else:
        result = text[:i] + rng.choice(LETTERS) + text[i + 1 :]
    result = " ".join(result.split())
    return result if len(result) >= 2 else text


_SLUGS: dict[str, str] = {}


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits only: for e-mail local parts and domains."""
    cached = _SLUGS.get(text)
    if cached is None:
        ascii_text = text.translate(UMLAUT_E).lower()
        cached = _SLUGS[text] = "".join(ch for ch in ascii_text if ch in SLUG_CHARS)
    return cached


def phone_key(phone: str | None) -> str:
    """The national number of a phone in any of the generated formats (for counting shared phones)."""
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    elif digits.startswith("49"):
        digits = digits[2:]
    return digits.lstrip("0")


US_PHONE_FORMATS = [
    "+1 {a}-{x}-{l}",
    "({a}) {x}-{l}",
    "{a}.{x}.{l}",
    "{a}-{x}-{l}",
    "+1{a}{x}{l}",
    "{a}{x}{l}",
    "+1 ({a}) {x}-{l}",
    "1-{a}-{x}-{l}",
    "+1 {a} {x} {l}",
]
DE_PHONE_FORMATS = [
    "+49 {a} {n}",
    "0{a} {n}",
    "0049{a}{n}",
    "+49 (0){a} {n}",
    "0{a}/{n}",
    "+49-{a}-{n}",
    "0{a}-{n}",
    "+49{a}{n}",
    "(0{a}) {n}",
]


def format_phone(rng: random.Random, phone: tuple[str, str, str]) -> str:
    country, area, number = phone
    if country == "1":
        return rng.choice(US_PHONE_FORMATS).format(a=area, x=number[:3], l=number[3:])
    return rng.choice(DE_PHONE_FORMATS).format(a=area, n=number)


# --- the generator ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LabelledData:
    """Rows to push, in load order, and the label of every customer row."""

    # (system, entity_set, rows): payment days, schedules, terms, customer groups, payment methods of both
    # companies, F&O first, then Dataverse
    reference: list[tuple[str, str, list[dict]]]
    # (system, entity_set, rows): F&O CustomersV3, Dataverse accounts, Dataverse contacts (sellable consumers)
    customers: list[tuple[str, str, list[dict]]]
    # (system, entity_set, company, key) -> the real-world party the row belongs to
    truth: dict[tuple[str, str, str, str], int]


@dataclass
class Record:
    """One rendered customer row and how it came about."""

    system: str
    company: str
    key: str
    view: dict[str, Any]
    party_number: str | None
    copied: bool = False  # a dual-write copy of another record (same key)
    has_copy: bool = False


class _Generator:
    def __init__(self, records: int, seed: int):
        self.rng = random.Random(seed)
        self.budget = records
        self.next_id = 1
        self.sizes = Weighted(SIZE_WEIGHTS)
        self.used_numbers: dict[str, set[int]] = defaultdict(set)
        self.used_names: set[tuple[str, str]] = set()
        self.used_domains: set[str] = set()
        self.used_emails: set[str] = set()
        self.rows: dict[tuple[str, str], list[Row]] = {
            (FNO, CUSTOMERS_V3): [],
            (DATAVERSE, ACCOUNTS): [],
            (DATAVERSE, CONTACTS): [],
        }
        self.truth: dict[TruthKey, int] = {}
        self.pick = {
            code: {
                "male": _zipf(locale.male, 0.6),
                "female": _zipf(locale.female, 0.6),
                "last": _zipf(locale.last, 0.55),
                "legal": Weighted(locale.legal),
                "org_group": Weighted(locale.org_groups),
                "person_group": Weighted(locale.person_groups),
                "method": Weighted(locale.methods),
                "city": _zipf([c[0] + "|" + c[1] for c in locale.cities], 0.5),
            }
            for code, locale in LOCALES.items()
        }
        self.cities = {
            code: {c[0] + "|" + c[1]: c for c in locale.cities} for code, locale in LOCALES.items()
        }
        self.us_street_type = Weighted(US_STREET_TYPE_WEIGHTS)
        self.de_street_type = Weighted(DE_STREET_TYPE_WEIGHTS)
        self.country_text = {iso: Weighted(weights) for iso, weights in COUNTRY_TEXT.items()}
        self.company = Weighted({"usmf": COMPANY_SHARE_US, "demf": 1 - COMPANY_SHARE_US})

    # -- identifiers ---------------------------------------------------------------------------------------
    def number(self, space: str, digits: int = 7) -> int:
        used = self.used_numbers[space]
        while True:
            value = self.rng.randrange(1, 10**digits)
            if value not in used:
                used.add(value)
                return value

    def fno_key(self, company: str) -> str:
        return f"{LOCALES[company].prefix}-{self.number(company):07d}"

    def dataverse_key(self, kind: str) -> str:
        prefix = "ACC" if kind == "org" else "CNT"
        return f"{prefix}-{self.number(prefix):07d}"

    def party_number(self) -> str:
        return f"{self.number('party', 9):09d}"

    def timestamp(self) -> str:
        moment = EPOCH + timedelta(seconds=self.rng.randrange(6 * 365 * 86400))
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    # -- parties -------------------------------------------------------------------------------------------
    def city(self, company: str) -> tuple[str, ...]:
        return self.cities[company][self.pick[company]["city"].pick(self.rng)]

    def address(self, company: str, org: bool, city: tuple[str, ...] | None = None) -> dict[str, Any]:
        rng = self.rng
        name, state, area, prefix = city or self.city(company)
        if company == "usmf":
            street = {
                "number": str(rng.randrange(1, 20000 if rng.random() < 0.5 else 1000)),
                "name": rng.choice(US_STREETS),
                "type": self.us_street_type.pick(rng),
                "direction": rng.choice(list(US_DIRECTIONS)) if rng.random() < 0.12 else None,
                "suite": str(rng.choice([100, 200, 210, 300, 400, 500, 1200]))
                if org and rng.random() < 0.25
                else None,
            }
            postcode = prefix + f"{rng.randrange(100):02d}"
            plus_four = f"{rng.randrange(10000):04d}"
        else:
            roll = rng.random()
            if roll < 0.08:
                street = {"fixed": rng.choice(DE_FIXED_STREETS)}
            elif roll < 0.22:
                other = rng.choice(DE_CITIES)[0].split(" ")[0].split("(")[0]
                street = {"adjective": other + ("r" if other.endswith("e") else "er")}  # Berliner, Haller
            else:
                street = {"name": rng.choice(DE_STREETS), "type": self.de_street_type.pick(rng)}
            number = str(rng.randrange(1, 60 if rng.random() < 0.7 else 250))
            street["number"] = number + (rng.choice("abc") if rng.random() < 0.05 else "")
            postcode = prefix + f"{rng.randrange(1000 if len(prefix) == 2 else 100):0{5 - len(prefix)}d}"
            plus_four = None
        return {
            "street": street,
            "city": name,
            "state": state,
            "postcode": postcode,
            "plus_four": plus_four,
            "iso3": LOCALES[company].iso3,
        }

    def phone(self, company: str, area: str, mobile: bool = False) -> tuple[str, str, str]:
        rng = self.rng
        if company == "usmf":
            return ("1", area, f"{rng.randrange(200, 1000)}{rng.randrange(10000):04d}")
        if mobile:
            return (
                "49",
                rng.choice(["151", "152", "160", "170", "171", "172", "176", "157"]),
                f"{rng.randrange(10**7, 10**8)}",
            )
        length = 8 - len(area) + 2
        return ("49", area, f"{rng.randrange(2 * 10 ** (length - 1), 10**length)}")

    def new_party(self, kind: str, company: str, **attributes: Any) -> dict[str, Any]:
        party = {"id": self.next_id, "kind": kind, "company": company, **attributes}
        self.next_id += 1
        return party

    def unique_domain(self, base: str, company: str) -> str:
        locale = LOCALES[company]
        rng = self.rng
        base = base[:40].strip("~") or "firm"
        for attempt in range(20):
            stem = base.replace("~", "-" if rng.random() < 0.2 else "")
            if attempt:
                stem += str(rng.randrange(2, 99))
            domain = f"{stem}.{rng.choice(locale.tlds)}"
            if domain not in self.used_domains:
                self.used_domains.add(domain)
                return domain
        return f"{base}{self.next_id}.{locale.tlds[0]}"

    def org_name(
        self,
        company: str,
        brand: str | None = None,
        industries: list[str] | None = None,
        qualifier: str | None = None,
    ) -> tuple[list[str], str]:
        """Name words without legal form, unique per company; and the domain stem."""
        rng = self.rng
        locale = LOCALES[company]
        last = self.pick[company]["last"]
        for _ in range(30):
            industry = rng.choice(industries or locale.industries)
            roll = rng.random()
            if brand is not None:
                words = [brand, industry] + ([qualifier] if qualifier else [])
                stem = slug(brand) + ("~" + slug(qualifier or "") if qualifier and rng.random() < 0.5 else "")
            elif roll < 0.45:
                b = rng.choice(locale.brands).replace("-", " ")
                words, stem = [b, industry], slug(b) + "~" + slug(industry.split()[0])
            elif roll < 0.58:
                b = rng.choice(locale.brands).replace("-", " ")
                words, stem = [b], slug(b)
            elif roll < 0.68:
                a, b = last.pick(rng), last.pick(rng)
                if a == b:
                    continue
                words, stem = [a, "&", b], slug(a) + "~" + slug(b)
            elif roll < 0.83 or company == "usmf":
                a = last.pick(rng)
                words, stem = [a, industry], slug(a) + "~" + slug(industry.split()[0])
            else:
                trade, a = rng.choice(DE_TRADES), last.pick(rng)
                words, stem = [trade, a], slug(trade.split()[0]) + "~" + slug(a)
            if brand is None and company == "usmf" and roll > 0.95:
                words = [rng.choice(locale.cities)[0], industry]
                stem = slug(words[0]) + "~" + slug(industry.split()[0])
            name = " ".join(words)
            if (company, name) not in self.used_names:
                self.used_names.add((company, name))
                return name.split(" "), stem
        name = " ".join(words) + f" {self.next_id}"
        self.used_names.add((company, name))
        return name.split(" "), stem

    def organisation(
        self,
        company: str,
        *,
        brand: str | None = None,
        group: dict | None = None,
        city: tuple[str, ...] | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        locale = LOCALES[company]
        qualifier = None
        if group is not None:
            qualifier = rng.choice(
                [
                    None,
                    rng.choice(locale.cities)[0],
                    rng.choice(
                        ["North", "South", "East", "West", "Central", "Nord", "Süd"]
                        if company == "demf"
                        else ["North", "South", "East", "West", "Central", "Pacific", "Atlantic"]
                    ),
                ]
            )
        words, stem = self.org_name(company, brand, None, qualifier)
        legal = self.pick[company]["legal"].pick(rng)
        if group is not None:
            domain = group["domain"]
            mailbox = rng.choice([rng.choice(locale.mailboxes), slug(words[-1]), slug(words[1])])
            email = f"{mailbox}@{domain}"
        elif rng.random() < 0.15:  # a small firm on a free mail provider
            domain = None
            email = self.unique_email(
                stem.replace("~", rng.choice(["", ".", "-"]))[:24], rng.choice(locale.free_mail)
            )
        else:
            domain = self.unique_domain(stem, company)
            email = f"{rng.choice(locale.mailboxes)}@{domain}"
        address = self.address(company, True, city)
        phone = group["phone"] if group is not None and rng.random() < SUBSIDIARY_HQ_PHONE else None
        if phone is None:
            phone = self.phone(company, self.cities[company][f"{address['city']}|{address['state']}"][2])
        org_group = self.pick[company]["org_group"].pick(rng)
        serial = self.number("id", 6)  # identification numbers are unique to their party
        id_number = (
            f"{10 + serial % 89:02d}-{serial:07d}"
            if company == "usmf"
            else rng.choice([f"HRB {serial}", f"DE{300_000_000 + serial}", f"HRA {serial}"])
        )
        return self.new_party(
            "org",
            company,
            words=words,
            legal=legal,
            the=company == "usmf" and rng.random() < 0.06,
            address=address,
            phone=phone,
            email=email,
            domain=domain,
            id_number=id_number,
            employees=int(rng.lognormvariate(3, 1.5)) + 1,
            group=org_group,
            terms=locale.terms_by_group[org_group]
            if rng.random() < 0.8
            else rng.choice(PAYMENT_TERMS[company])[0],
            method=self.pick[company]["method"].pick(rng),
            schedule=rng.choice(locale.schedules) if rng.random() < 0.05 else None,
            payday=rng.choice(locale.paydays) if rng.random() < 0.1 else None,
            credit=rng.choice([0, 5000, 10000, 25000, 50000, 100000, 250000]),
            mandatory=rng.random() < 0.3,
            onhold="No" if rng.random() < 0.93 else rng.choice(["Invoice", "All"]),
        )

    def unique_email(self, local: str, domain: str) -> str:
        local = local.strip(".") or "mail"
        email = f"{local}@{domain}"
        while email in self.used_emails:
            email = f"{local}{self.rng.randrange(1, 999)}@{domain}"
        self.used_emails.add(email)
        return email

    def person_email(self, company: str, first: str, last: str) -> str:
        rng = self.rng
        f, la = slug(first), slug(last)
        pattern = rng.random()
        if pattern < 0.4:
            local = f"{f}.{la}"
        elif pattern < 0.55:
            local = f"{f[0]}{la}"
        elif pattern < 0.65:
            local = f"{f}_{la}"
        elif pattern < 0.75:
            local = f"{la}.{f}"
        elif pattern < 0.9:
            local = f"{f}.{la}{rng.randrange(1, 99)}"
        else:
            local = f"{f}{rng.randrange(1950, 2010)}"
        return self.unique_email(local, rng.choice(LOCALES[company].free_mail))

    def person(
        self,
        company: str,
        *,
        last: str | None = None,
        first: str | None = None,
        gender: str | None = None,
        address: dict | None = None,
        landline: tuple | None = None,
        email: str | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        locale = LOCALES[company]
        picks = self.pick[company]
        gender = gender or ("M" if rng.random() < 0.5 else "F")
        first = first or picks["male" if gender == "M" else "female"].pick(rng)
        if last is None:
            last = picks["last"].pick(rng)
            if company == "demf" and rng.random() < 0.04:
                second = picks["last"].pick(rng)
                last = f"{last}-{second}" if second != last else last
        middle = None
        if rng.random() < (0.3 if company == "usmf" else 0.08):
            middle = picks["male" if gender == "M" else "female"].pick(rng)
            middle = None if middle == first else middle
        address = address or self.address(company, False)
        area = self.cities[company][f"{address['city']}|{address['state']}"][2]
        if landline is None and rng.random() < (0.5 if company == "usmf" else 0.6):
            landline = self.phone(company, area)
        group = picks["person_group"].pick(rng)
        return self.new_party(
            "person",
            company,
            first=first,
            middle=middle,
            last=last,
            gender=gender,
            address=address,
            landline=landline,
            mobile=self.phone(company, area, mobile=True) if rng.random() < 0.9 else None,
            email=email or self.person_email(company, first, last),
            group=group,
            terms=locale.terms_by_group[group],
            method=picks["method"].pick(rng),
            marital=rng.choice([None, None, None, "Single", "Married", "Divorced", "Widowed"]),
            job=rng.choice(JOBS[company]) if rng.random() < 0.2 else None,
            credit=rng.choice([0, 0, 500, 1000, 2500]),
            onhold="No" if rng.random() < 0.97 else "Payment",
        )

    # -- rendering views: the values one record shows ------------------------------------------------------
    def render_street(self, street: dict[str, Any], company: str, duplicate: bool) -> str:
        rng = self.rng
        full = not duplicate and rng.random() < 0.7
        if company == "usmf":
            variants = US_STREET_TYPES[street["type"]]
            kind = variants[0] if full else rng.choice(variants)
            name = street["name"].replace("-", " ")
            parts = [street["number"]]
            if street["direction"]:
                directions = US_DIRECTIONS[street["direction"]]
                parts.append(directions[0] if full else rng.choice(directions))
            parts += [name, kind]
            text = " ".join(parts)
            if street["suite"]:
                suite = (SUITES[0] if full else rng.choice(SUITES)).format(street["suite"])
                text += (", " if rng.random() < 0.5 else " ") + suite
            return text
        number = street["number"]
        if len(number) > 1 and number[-1].isalpha() and rng.random() < 0.3:
            number = number[:-1] + " " + number[-1]
        if "fixed" in street:
            return f"{street['fixed']} {number}"
        if "adjective" in street:
            suffix = DE_SEPARATE_STREET[0] if full else rng.choice(DE_SEPARATE_STREET)
            return f"{street['adjective']}{suffix} {number}"
        variants = DE_STREET_TYPES[street["type"]]
        kind = variants[0] if full else rng.choice(variants)
        name = street["name"]
        if name.endswith("-"):
            kind = kind.capitalize()
        elif name in DE_ADJECTIVE_STEMS:
            kind = " " + kind.capitalize()  # "Neue Straße", "Alte Gasse"
        elif len(kind) > 4 and rng.random() < (0.03 if full else 0.1):
            kind = " " + kind.capitalize()  # "Haupt Straße"
        return f"{name}{kind} {number}"

    def render_org_name(self, party: dict[str, Any], duplicate: bool) -> str:
        rng = self.rng
        company = party["company"]
        words = list(party["words"])
        legal = party["legal"]
        the = party["the"]
        variant_index = 0 if rng.random() < 0.7 else None
        if duplicate:
            if (
                the
                and rng.random() < THE_TOGGLED
                or not the
                and company == "usmf"
                and rng.random() < THE_ADDED
            ):
                the = not the
            for i, word in enumerate(words):
                if word == "&" and rng.random() < AND_VARIANT:
                    words[i] = "and" if company == "usmf" else rng.choice(["und", "u."])
                elif word in ABBREVIATIONS and rng.random() < ABBREVIATION:
                    words[i] = rng.choice(ABBREVIATIONS[word])
            if legal and rng.random() < LEGAL_FORM_DROPPED:
                legal = ""
            elif not legal and rng.random() < LEGAL_FORM_ADDED:
                legal = self.pick[company]["legal"].pick(rng)
            if rng.random() < LEGAL_FORM_VARIANT:
                variant_index = None
        elif any(word in ABBREVIATIONS for word in words) and rng.random() < 0.15:
            words = [rng.choice(ABBREVIATIONS[w]) if w in ABBREVIATIONS else w for w in words]
        name = " ".join(words)
        if the:
            name = "The " + name
        if legal:
            variants = LEGAL_VARIANTS[legal]
            form = variants[0] if variant_index == 0 else rng.choice(variants)
            name = name + form if form.startswith(",") else f"{name} {form}"
        if duplicate:
            if rng.random() < NAME_TYPO:
                name = typo(rng, name)
            roll = rng.random()
            if roll < UPPER_CASE:
                name = name.upper()
            elif roll < UPPER_CASE + LOWER_CASE:
                name = name.lower()
        return name

    def email_variant(self, email: str | None, duplicate: bool) -> str | None:
        rng = self.rng
        if email is None:
            return None
        if duplicate and rng.random() < EMAIL_CASE:
            local, domain = email.split("@")
            email = rng.choice(
                [f"{local.title()}@{domain.title()}", email.upper(), f"{local.capitalize()}@{domain}"]
            )
        if rng.random() < (EMAIL_WHITESPACE if duplicate else 0.01):
            email = rng.choice([" ", "  ", ""]) + email + rng.choice([" ", "\t", ""])
        return email

    def address_view(self, party: dict[str, Any], company: str, duplicate: bool, kind: str) -> dict[str, Any]:
        rng = self.rng
        address = party["address"]
        if duplicate and rng.random() < MOVED:
            address = self.address(party["company"], kind == "org")
        if rng.random() < MISSING_ADDRESS:
            return {"street": None, "city": None, "state": None, "postcode": None, "iso3": address["iso3"]}
        street = None
        if rng.random() >= MISSING_STREET:
            street = self.render_street(address["street"], party["company"], duplicate)
            if duplicate and rng.random() < STREET_TYPO:
                street = typo(rng, street)
        city = address["city"]
        if rng.random() < (CITY_ALIAS if duplicate else 0.05) and city in CITY_ALIASES:
            city = rng.choice(CITY_ALIASES[city])
        if duplicate and rng.random() < CITY_TYPO:
            city = typo(rng, city)
        postcode = address["postcode"]
        if address["plus_four"] and rng.random() < ZIP_PLUS_FOUR:
            postcode = f"{postcode}-{address['plus_four']}"
        return {
            "street": street,
            "city": city,
            "state": address["state"],
            "postcode": postcode,
            "iso3": address["iso3"],
        }

    def lookups(self, party: dict[str, Any], company: str, duplicate: bool) -> dict[str, Any]:
        rng = self.rng
        if company != party["company"]:  # a record in the party's other company uses that company's codes
            locale = LOCALES[company]
            group = self.pick[company]["org_group" if party["kind"] == "org" else "person_group"].pick(rng)
            return {
                "group": group,
                "terms": locale.terms_by_group[group],
                "method": self.pick[company]["method"].pick(rng),
                "schedule": None,
                "payday": None,
                "currency": rng.choice([locale.currency, LOCALES[party["company"]].currency]),
                "credit": party["credit"],
                "onhold": "No",
                "mandatory": False,
            }
        drift = duplicate and rng.random() < 0.2
        locale = LOCALES[company]
        return {
            "group": self.pick[company]["org_group" if party["kind"] == "org" else "person_group"].pick(rng)
            if drift
            else party["group"],
            "terms": rng.choice(PAYMENT_TERMS[company])[0] if drift else party["terms"],
            "method": None if rng.random() < 0.15 else party["method"],
            "schedule": party.get("schedule"),
            "payday": party.get("payday"),
            "currency": locale.currency,
            "credit": rng.choice([0, 1000, 5000, 20000]) if drift else party["credit"],
            "onhold": party["onhold"],
            "mandatory": party.get("mandatory", False),
        }

    def org_view(self, party: dict[str, Any], company: str, duplicate: bool) -> dict[str, Any]:
        rng = self.rng
        view = {"kind": "org", "name": self.render_org_name(party, duplicate)}
        if (
            party["company"] == "demf"
            and rng.random() < UMLAUT_SPELLING["duplicate" if duplicate else "original"]
        ):
            view["umlauts"] = UMLAUT_E if rng.random() < 0.75 else UMLAUT_STRIP
        view.update(self.address_view(party, company, duplicate, "org"))
        email = party["email"]
        if duplicate and rng.random() < OTHER_EMAIL and party["domain"]:
            email = f"{rng.choice(LOCALES[party['company']].mailboxes)}@{party['domain']}"
        if rng.random() < GENERIC_MAILBOX["org"]:
            email = rng.choice(GENERIC_MAILBOXES["org"])
        view["email"] = None if rng.random() < MISSING_EMAIL else self.email_variant(email, duplicate)
        phone = party["phone"]
        if duplicate and rng.random() < OTHER_PHONE:
            phone = self.phone(party["company"], phone[1])
        view["phone"] = None if rng.random() < MISSING_PHONE["org"] else format_phone(rng, phone)
        if rng.random() < PLACEHOLDER_PHONE:
            view["phone"] = rng.choice(PLACEHOLDER_PHONES)
        view["website"] = None
        if party["domain"] and rng.random() < ORG_WEBSITE:
            d = party["domain"]
            view["website"] = rng.choice(
                [f"www.{d}", f"www.{d}", f"https://www.{d}", f"http://www.{d}/", d, f"https://{d}/"]
            )
        view["id_number"] = party["id_number"] if rng.random() < ORG_ID_NUMBER else None
        view["employees"] = party["employees"] if rng.random() < 0.5 else None
        if view["employees"] and duplicate and rng.random() < 0.2:
            view["employees"] = max(1, int(view["employees"] * rng.uniform(0.7, 1.4)))
        view.update(self.lookups(party, company, duplicate))
        return view

    def person_view(self, party: dict[str, Any], company: str, duplicate: bool) -> dict[str, Any]:
        rng = self.rng
        first, middle, last = party["first"], party["middle"], party["last"]
        nicknames = NICKNAMES.get(first)
        if nicknames and rng.random() < (NICKNAME if duplicate else 0.05):
            first = rng.choice(nicknames)
        if duplicate:
            if middle and rng.random() < MIDDLE_DROPPED:
                middle = None if rng.random() < 0.6 else middle[0] + "."
            if "-" in last and rng.random() < DOUBLE_NAME_SHORTENED:
                last = last.split("-")[0] if rng.random() < 0.7 else last.replace("-", " ")
            if rng.random() < NAME_TYPO:
                if rng.random() < 0.4:
                    first = typo(rng, first)
                else:
                    last = typo(rng, last)
            if rng.random() < INITIAL_ONLY:
                first = first[0] + "."
            roll = rng.random()
            if roll < UPPER_CASE:
                last = last.upper()
            elif roll < UPPER_CASE + LOWER_CASE:
                first, last = first.lower(), last.lower()
            if rng.random() < NAMES_SWAPPED:
                first, last = last, first
        elif middle and rng.random() < 0.3:
            middle = middle[0] + "."
        view = {
            "kind": "person",
            "first": first,
            "middle": middle,
            "last": last,
            "gender": party["gender"],
            "marital": party["marital"],
            "job": party["job"],
        }
        if (
            party["company"] == "demf"
            and rng.random() < UMLAUT_SPELLING["duplicate" if duplicate else "original"]
        ):
            view["umlauts"] = UMLAUT_E if rng.random() < 0.75 else UMLAUT_STRIP
        view.update(self.address_view(party, company, duplicate, "person"))
        email = party["email"]
        if duplicate and rng.random() < OTHER_EMAIL:
            email = self.person_email(party["company"], party["first"], party["last"])
        if rng.random() < GENERIC_MAILBOX["person"]:
            email = rng.choice(GENERIC_MAILBOXES["person"])
        view["email"] = None if rng.random() < MISSING_EMAIL else self.email_variant(email, duplicate)
        landline, mobile = party["landline"], party["mobile"]
        if duplicate and rng.random() < OTHER_PHONE:
            mobile = (
                self.phone(party["company"], "", mobile=True)
                if party["company"] == "demf"
                else self.phone(party["company"], rng.choice(LOCALES["usmf"].cities)[2])
            )
        missing = rng.random() < MISSING_PHONE["person"]
        view["phone"] = None if missing or landline is None else format_phone(rng, landline)
        view["mobile"] = (
            None if missing or mobile is None or rng.random() < 0.2 else format_phone(rng, mobile)
        )
        view.update(self.lookups(party, company, duplicate))
        return view

    def drift(self, source: Record) -> dict[str, Any]:
        """A dual-write copy: the source's values, a few of them edited later on one side."""
        rng = self.rng
        view = dict(source.view)
        view["copy"] = True
        if rng.random() < DRIFT * MISSING_EMAIL:
            view["email"] = None
        if rng.random() < DRIFT * NAME_TYPO:
            field = "name" if view["kind"] == "org" else rng.choice(["first", "last"])
            view[field] = typo(rng, view[field]) if view[field] else view[field]
        if view.get("phone") and rng.random() < DRIFT:
            view["phone"] = rng.choice([view["phone"], None, view["phone"].replace(" ", "")])
        if rng.random() < DRIFT * MOVED and view.get("street"):
            view["street"] = typo(rng, view["street"])
        if view.get("email") and rng.random() < DRIFT * EMAIL_CASE:
            view["email"] = view["email"].lower()
        return view

    # -- rows ----------------------------------------------------------------------------------------------
    def row(self, record: Record) -> Row:
        view = record.view
        table = view.get("umlauts")
        if table is not None:
            view = {
                k: v.translate(table) if isinstance(v, str) and k in _TRANSLATED else v
                for k, v in view.items()
            }
        if record.system == FNO:
            return self.fno_row(record, view)
        return self.dataverse_row(record, view)

    def fno_row(self, record: Record, view: dict[str, Any]) -> Row:
        locale = LOCALES[record.company]
        state = view["state"] or ""
        if view["iso3"] == "DEU" and not view.get("copy") and self.rng.random() < 0.6:
            state = ""
        row: Row = {"dataAreaId": record.company, "CustomerAccount": record.key}
        if view["kind"] == "org":
            address = "DeliveryAddress"
            row.update(
                {
                    "PartyType": "Organization",
                    "OrganizationName": view["name"],
                    "OrganizationNumberOfEmployees": view["employees"] or 0,
                    "PrimaryContactURL": view["website"] or "",
                    "IdentificationNumber": view["id_number"] or "",
                    "CreditLimitIsMandatory": _yes_no(view["mandatory"]),
                }
            )
        else:
            address = "Address"
            row.update(
                {
                    "PartyType": "Person",
                    "PersonFirstName": view["first"] or "",
                    "PersonMiddleName": view["middle"] or "",
                    "PersonLastName": view["last"] or "",
                    "PersonGender": "Male" if view["gender"] == "M" else "Female",
                    "PersonProfessionalTitle": view["job"] or "",
                }
            )
            if view["marital"]:
                row["PersonMaritalStatus"] = view["marital"]
        row.update(
            {
                "PartyNumber": record.party_number or "",
                "PrimaryContactEmail": view["email"] or "",
                "PrimaryContactPhone": view["phone"]
                or (view.get("mobile") or "" if view["kind"] == "person" else ""),
                f"{address}Street": view["street"] or "",
                f"{address}City": view["city"] or "",
                f"{address}State": state,
                f"{address}ZipCode": view["postcode"] or "",
                f"{address}CountryRegionISOCode": view["iso3"],
                "CustomerGroupId": view["group"],
                "SalesCurrencyCode": view["currency"],
                "CreditLimit": view["credit"],
                "OnHoldStatus": view["onhold"],
                "PaymentTerms": view["terms"] or "",
                "PaymentMethod": view["method"] or "",
                "PaymentSchedule": view["schedule"] or "",
                "PaymentDay": view["payday"] or "",
                "LanguageId": locale.language,
                "ModifiedDateTime": self.timestamp(),
            }
        )
        return row

    def dataverse_row(self, record: Record, view: dict[str, Any]) -> Row:
        rng = self.rng
        if view.get("copy"):
            country, state = view["iso3"], view["state"]
        else:
            country = None if rng.random() < 0.08 else self.country_text[view["iso3"]].pick(rng)
            state = view["state"]
            if state:
                roll = rng.random()
                if roll < (0.3 if view["iso3"] == "USA" else 0.4):
                    state = STATE_NAMES["usmf" if view["iso3"] == "USA" else "demf"][state]
                elif view["iso3"] == "DEU" and roll < 0.9:
                    state = None
        row: Row = {"msdyn_company": {"cdm_companycode": record.company}}
        if view["kind"] == "org":
            row.update(
                {
                    "accountnumber": record.key,
                    "name": view["name"],
                    "customertypecode": 3,
                    "websiteurl": view["website"],
                    "numberofemployees": view["employees"],
                    "msdyn_identificationnumber": view["id_number"],
                    "address1_addresstypecode": 2,
                    "msdyn_creditlimitismandatory": view["mandatory"],
                    "msdyn_paymentterm": {"msdyn_name": view["terms"]} if view["terms"] else None,
                }
            )
        else:
            row.update(
                {
                    "msdyn_contactpersonid": record.key,
                    "msdyn_sellable": True,
                    "firstname": view["first"],
                    "middlename": view["middle"],
                    "lastname": view["last"],
                    "gendercode": (1 if view["gender"] == "M" else 2) if rng.random() < 0.7 else None,
                    "familystatuscode": {"Single": 1, "Married": 2, "Divorced": 3, "Widowed": 4}.get(
                        view["marital"]
                    ),
                    "jobtitle": view["job"],
                    "mobilephone": view["mobile"],
                    "address1_addresstypecode": 3,
                    "msdyn_paymentterms": {"msdyn_name": view["terms"]} if view["terms"] else None,
                }
            )
        row.update(
            {
                "msdyn_partynumber": record.party_number,
                "emailaddress1": view["email"],
                "telephone1": view["phone"],
                "address1_line1": view["street"],
                "address1_city": view["city"],
                "address1_stateorprovince": state,
                "address1_postalcode": view["postcode"],
                "address1_country": country,
                "msdyn_customergroupid": {"msdyn_groupid": view["group"]},
                "transactioncurrencyid": {"isocurrencycode": view["currency"]},
                "msdyn_customerpaymentmethod": {"msdyn_name": view["method"]} if view["method"] else None,
                "msdyn_paymentschedule": {"msdyn_name": view["schedule"]} if view["schedule"] else None,
                "msdyn_paymentday": {"msdyn_name": view["payday"]} if view["payday"] else None,
                "creditlimit": float(view["credit"]),
                "modifiedon": self.timestamp(),
                "@odata.etag": f'W/"{rng.randrange(10**5, 10**7)}"',
            }
        )
        if view["kind"] == "org":
            row["msdyn_onholdstatus"] = ON_HOLD[view["onhold"]]
        return row

    # -- records of one party ------------------------------------------------------------------------------
    def emit(self, party: dict[str, Any]) -> None:
        rng = self.rng
        size = min(self.sizes.pick(rng), self.budget)
        if size <= 0:
            return
        self.budget -= size
        kind = party["kind"]
        render = self.org_view if kind == "org" else self.person_view
        records: list[Record] = []
        for index in range(size):
            if index == 0:
                system = FNO if rng.random() < FIRST_RECORD_IN_FNO else DATAVERSE
            elif rng.random() < WITHIN_SYSTEM:
                system = rng.choice(records).system
            else:
                in_fno = sum(1 for r in records if r.system == FNO)
                in_dv = len(records) - in_fno
                system = (
                    FNO if in_fno < in_dv else DATAVERSE if in_dv < in_fno else rng.choice((FNO, DATAVERSE))
                )
            sources = [r for r in records if r.system != system and not r.copied and not r.has_copy]
            if index > 0 and sources and rng.random() < DUAL_WRITE_COPY:
                source = rng.choice(sources)
                source.has_copy = True
                record = Record(
                    system, source.company, source.key, self.drift(source), source.party_number, copied=True
                )
            else:
                company = party["company"]
                if index > 0 and rng.random() < OTHER_COMPANY:
                    company = OTHER_COMPANY_OF[company]
                if system == FNO:
                    key, party_number = self.fno_key(company), self.party_number()
                else:
                    key, party_number = self.dataverse_key(kind), None
                record = Record(system, company, key, render(party, company, index > 0), party_number)
            records.append(record)
        entity_set = ACCOUNTS if kind == "org" else CONTACTS
        for record in records:
            target = (FNO, CUSTOMERS_V3) if record.system == FNO else (DATAVERSE, entity_set)
            self.rows[target].append(self.row(record))
            self.truth[(record.system, target[1], record.company, record.key)] = party["id"]

    # -- the planted look-alikes ---------------------------------------------------------------------------
    def subsidiaries(self, company: str, target_records: int) -> None:
        """A corporate group: subsidiaries (distinct parties) sharing the head office's phone and domain."""
        rng = self.rng
        locale = LOCALES[company]
        brand = rng.choice(locale.brands).replace("-", " ")
        hq = rng.choice(locale.cities)
        domain = self.unique_domain(slug(brand) + rng.choice(["group", "holding", "", "corp"]), company)
        group = {"phone": self.phone(company, hq[2]), "domain": domain}
        start = self.budget
        while start - self.budget < target_records and self.budget > 0:
            city = hq if rng.random() < 0.3 else None
            self.emit(self.organisation(company, brand=brand, group=group, city=city))

    def brand_family(self, company: str) -> None:
        """Different companies sharing a brand word ("Contoso Pharmaceuticals", "Contoso Logistics")."""
        rng = self.rng
        brand = rng.choice(LOCALES[company].brands).replace("-", " ")
        city = rng.choice(LOCALES[company].cities) if rng.random() < 0.4 else None
        for _ in range(rng.randint(2, 5)):
            self.emit(
                self.organisation(company, brand=brand, city=city if city and rng.random() < 0.7 else None)
            )

    def household(self, company: str) -> None:
        """Family members: same address and last name, different first names; not duplicates."""
        rng = self.rng
        first = self.person(company)
        self.emit(first)
        firsts = {first["first"]} | set(NICKNAMES.get(first["first"], []))
        family_email = None
        if rng.random() < HOUSEHOLD_SHARED_EMAIL:
            family_email = self.unique_email(
                rng.choice(
                    [
                        f"familie.{slug(first['last'])}",
                        f"the{slug(first['last'])}s",
                        f"{slug(first['last'])}family",
                    ]
                ),
                rng.choice(LOCALES[company].free_mail),
            )
        for _ in range(rng.randint(1, 3)):
            gender = "M" if rng.random() < 0.5 else "F"
            for _attempt in range(10):
                name = self.pick[company]["male" if gender == "M" else "female"].pick(rng)
                if name not in firsts and not firsts & set(NICKNAMES.get(name, [])):
                    break
            else:
                continue
            firsts |= {name, *NICKNAMES.get(name, [])}
            landline = first["landline"] if rng.random() < HOUSEHOLD_SHARED_PHONE else None
            member = self.person(
                company,
                last=first["last"],
                first=name,
                gender=gender,
                address=first["address"],
                landline=landline,
                email=family_email,
            )
            self.emit(member)

    def run(self) -> LabelledData:
        rng = self.rng
        total = self.budget
        # the largest corporate group: ~200 records with the head office's phone at 10k records and above
        self.subsidiaries("usmf", min(270, max(20, total // 37)))
        self.subsidiaries("demf", min(140, max(10, total // 70)))
        for _ in range(total // 2500):
            self.subsidiaries(self.company.pick(rng), rng.randint(4, 40))
        while self.budget > 0:
            company = self.company.pick(rng)
            if rng.random() < ORGANISATION_SHARE:
                if rng.random() < BRAND_FAMILY:
                    self.brand_family(company)
                else:
                    self.emit(self.organisation(company))
            else:
                roll = rng.random()
                if roll < HOUSEHOLD:
                    self.household(company)
                elif roll < HOUSEHOLD + COMMON_NAME:
                    first, last, gender = rng.choice(COMMON_NAMES[company])
                    self.emit(self.person(company, first=first, last=last, gender=gender))
                else:
                    self.emit(self.person(company))
        customers = []
        for (system, entity_set), rows in self.rows.items():
            rng.shuffle(rows)  # the order of rows must not give the parties away
            customers.append((system, entity_set, rows))
        return LabelledData(reference=reference_rows(), customers=customers, truth=self.truth)


def generate(records: int, seed: int = 7) -> LabelledData:
    """`records` customer rows over both systems, labelled with the real-world party each belongs to."""
    if records < 1:
        raise ValueError("records must be at least 1")
    return _Generator(records, seed).run()


def true_pairs(truth: dict[TruthKey, int]) -> set[frozenset]:
    """Every pair of rows that belong to the same party."""
    by_party: dict[int, list[TruthKey]] = defaultdict(list)
    for key, party in truth.items():
        by_party[party].append(key)
    return {frozenset(pair) for members in by_party.values() for pair in combinations(members, 2)}


def _row_phones(system: str, row: Row) -> list[str]:
    fields = ("PrimaryContactPhone",) if system == FNO else ("telephone1", "mobilephone")
    return [row[f] for f in fields if row.get(f)]


def _truth_key(system: str, entity_set: str, row: Row) -> TruthKey:
    if system == FNO:
        return (system, entity_set, row["dataAreaId"], row["CustomerAccount"])
    key = row["accountnumber"] if entity_set == ACCOUNTS else row["msdyn_contactpersonid"]
    return (system, entity_set, row["msdyn_company"]["cdm_companycode"], key)


def shared_phones(data: LabelledData) -> dict[str, list[int]]:
    """National phone number -> the party of every record showing it (a record counts once per number)."""
    parties: dict[str, list[int]] = defaultdict(list)
    for system, entity_set, rows in data.customers:
        for row in rows:
            party = data.truth[_truth_key(system, entity_set, row)]
            for phone in {phone_key(p) for p in _row_phones(system, row)} - {""}:
                parties[phone].append(party)
    return parties


def summary(data: LabelledData) -> list[str]:
    lines = []
    org_parties: set[int] = set()
    person_parties: set[int] = set()
    for system, entity_set, rows in data.customers:
        companies = Counter(row.get("dataAreaId") or row["msdyn_company"]["cdm_companycode"] for row in rows)
        detail = ", ".join(f"{company} {count}" for company, count in sorted(companies.items()))
        lines.append(f"{system:9} {entity_set:12} {len(rows):7} rows ({detail})")
        for row in rows:
            party = data.truth[_truth_key(system, entity_set, row)]
            org = entity_set == ACCOUNTS or row.get("PartyType") == "Organization"
            (org_parties if org else person_parties).add(party)
    reference = sum(len(rows) for _, _, rows in data.reference)
    lines.append(f"{'reference':22} {reference:7} rows in {len(data.reference)} entity sets")
    sizes = Counter(Counter(data.truth.values()).values())
    parties = sum(sizes.values())
    distribution = ", ".join(
        f"{size}: {count} ({count / parties:.0%})" for size, count in sorted(sizes.items())
    )
    lines.append(
        f"parties {parties} ({len(org_parties)} organisations, {len(person_parties)} persons); "
        f"records per party {distribution}"
    )
    pairs = true_pairs(data.truth)
    cross = [p for p in pairs if len({k[0] for k in p}) == 2]
    same_key = sum(1 for p in cross if len({k[3] for k in p}) == 1)
    within = len(pairs) - len(cross)
    lines.append(
        f"true duplicate pairs {len(pairs)}: cross-system {len(cross)} (same key {same_key} = "
        f"{same_key / max(len(cross), 1):.0%}), within-system {within} ({within / max(len(pairs), 1):.0%})"
    )
    systems_by_party: dict[int, list[str]] = defaultdict(list)
    for (system, _entity_set, _company, _key), party in data.truth.items():
        systems_by_party[party].append(system)
    duplicates = sum(len(systems) - 1 for systems in systems_by_party.values())
    repeated = sum(len(systems) - len(set(systems)) for systems in systems_by_party.values())
    pairs_of_two = [systems for systems in systems_by_party.values() if len(systems) == 2]
    same_system_two = sum(1 for systems in pairs_of_two if systems[0] == systems[1])
    lines.append(
        f"duplicate records in a system already holding the party: {repeated} of {duplicates} "
        f"({repeated / max(duplicates, 1):.0%}); 2-record parties with both in one system: "
        f"{same_system_two / max(len(pairs_of_two), 1):.0%}"
    )
    phones = shared_phones(data)
    if phones:
        phone, members = max(phones.items(), key=lambda item: (len(item[1]), item[0]))
        lines.append(
            f"largest shared-phone group {len(members)} records of {len(set(members))} parties ({phone}); "
            f"numbers on >= 10 records: {sum(1 for m in phones.values() if len(m) >= 10)}"
        )
    emails = Counter(
        (row.get("PrimaryContactEmail") or row.get("emailaddress1") or "").strip().lower()
        for _, _, rows in data.customers
        for row in rows
    )
    emails.pop("", None)
    if emails:
        email, count = emails.most_common(1)[0]
        lines.append(f"most shared e-mail {email!r} on {count} records")
    return lines


def main(argv: list[str]) -> None:
    records = int(argv[1]) if len(argv) > 1 else 10_000
    seed = int(argv[2]) if len(argv) > 2 else 7
    started = time.perf_counter()
    data = generate(records, seed)
    elapsed = time.perf_counter() - started
    print(f"generated {records} records (seed {seed}) in {elapsed:.2f} s")
    for line in summary(data):
        print(line)


if __name__ == "__main__":
    main(sys.argv)
