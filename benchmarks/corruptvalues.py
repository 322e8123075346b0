"""Value lists of benchmarks/corruptgen.py: names, places, company words and the corruption tables.

Written for this generator (independent of benchmarks/datagen.py's lists). Lists of names run roughly from
common to rare, so a Zipf-like pick makes the first entries frequent, as real name distributions are.
"""


def _split(text: str) -> list[str]:
    return text.split()


# --- persons ------------------------------------------------------------------------------------------
US_GIVEN_MALE = _split(
    "Michael David John James Robert William Christopher Daniel Matthew Joseph Andrew Joshua Thomas "
    "Anthony Ryan Brian Kevin Steven Mark Eric Jason Timothy Jeffrey Scott Jonathan Benjamin Nicholas "
    "Samuel Gregory Patrick Alexander Nathan Zachary Kyle Peter Douglas Henry Walter Gerald Raymond "
    "Francis Harold Carl Arthur Vernon Dwight Lester Clifford Leonard Oscar Floyd Marvin Elliot Russell "
    "Wesley Theodore Calvin Grant Mitchell Spencer Trevor Desmond Emmett Rufus Silas Jasper Ronald Edward "
    "Charles Richard Kenneth Frederick Lawrence"
)
US_GIVEN_FEMALE = _split(
    "Jennifer Jessica Sarah Elizabeth Ashley Emily Amanda Michelle Stephanie Rebecca Laura Rachel "
    "Katherine Nicole Megan Heather Christina Samantha Lauren Victoria Amy Melissa Kimberly Patricia "
    "Deborah Margaret Susan Barbara Dorothy Abigail Natalie Olivia Hannah Madeline Caroline Alexandra "
    "Gwendolyn Beatrice Harriet Imogen Josephine Lorraine Marjorie Priscilla Rosalind Theresa Vivian "
    "Winifred Yvonne Cecilia Eleanor Florence Gabrielle Juliet Lillian Miriam Penelope Adelaide Cynthia "
    "Pamela Judith Valerie Constance"
)
US_SURNAMES = _split(
    "Miller Johnson Brown Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris "
    "Clark Lewis Robinson Walker Young Allen Wright Hill Green Adams Baker Nelson Carter Mitchell Roberts "
    "Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed Cook Morgan Bell "
    "Murphy Bailey Cooper Richardson Cox Howard Ward Peterson Gray James Watson Brooks Kelly Sanders "
    "Price Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell Long Patterson Hughes "
    "Washington Butler Simmons Foster Bryant Alexander Russell Griffin Hayes Myers Ford Hamilton Graham "
    "Sullivan Wallace Woods Cole West Jordan Owens Reynolds Fisher Ellis Harrison Gibson McDonald "
    "Cruz Marshall Ortiz Gomez Murray Freeman Wells Webb Simpson Stevens Tucker Porter Hunter Hicks "
    "Crawford Henry Boyd Mason Kennedy Warren Dixon Burns Gordon Shaw Holmes Rice Robertson Hunt Black "
    "Daniels Palmer Mills Nichols Grant Knight Ferguson Rose Stone Hawkins Dunn Perkins Hudson Spencer "
    "Gardner Stephens Payne Pierce Berry Matthews Arnold Wagner Willis Ray Watkins Olson Carroll Duncan "
    "Snyder Hart Cunningham Bradley Lane Andrews Ruiz Harper Fox Riley Armstrong Carpenter Weaver Greene "
    "Lawrence Elliott Chavez Sims Austin Peters Kelley Franklin Lawson Fields Ryan Schmidt Carr Castillo "
    "Wheeler Chapman Oliver Montgomery Richards Williamson Johnston Banks Meyer Bishop McCoy Howell "
    "Morrison Hansen Harvey Little Burton Stanley Nguyen George Jacobs Reid Fuller Lynch Dean Gilbert "
    "Garrett Romero Welch Larson Frazier Burke Hanson Mendoza Moreno Bowman Medina Fowler Brewer Hoffman "
    "Carlson Silva Pearson Holland Douglas Fleming Jensen Vargas Byrd Davidson Hopkins May Terry Herrera "
    "Wade Soto Walters Curtis Neal Caldwell Lowe Jennings Barnett Graves Jimenez Horton Shelton Barrett "
    "O'Brien Castro Sutton Gregory McKinney Lucas Miles Craig Rodriquez Chambers Holt Lambert Fletcher "
    "Watts Bates Hale Rhodes Pena Beck Newman Haynes McDaniel Mendez Bush Vaughn Parks Dawson Santiago "
    "Norris Hardy Love Steele Curry Powers Schultz Barker Guzman Page Munoz Ball Keller Chandler Weber "
    "Leonard Walsh Lyons Ramsey Wolfe Schneider Mullins Benson Sharp Bowen Daniel Barber Cummings Hines "
    "Baldwin Griffith Valdez Hubbard Salazar Reeves Warner Stevenson Burgess Santos Tate Cross Garner "
    "Mann Mack Moss Thornton Dennis McGuire Nash Farmer Whitaker Kirkland Pemberton Ashworth Blackwell"
)
DE_GIVEN_MALE = _split(
    "Lukas Jonas Leon Finn Paul Felix Maximilian Luca Elias Noah Tim Julian David Moritz Niklas Jan "
    "Philipp Tobias Florian Sebastian Alexander Christian Stefan Michael Thomas Andreas Markus Frank "
    "Jürgen Wolfgang Klaus Dieter Günther Helmut Horst Rainer Uwe Bernd Ralf Matthias Martin Peter "
    "Joachim Hartmut Reinhold Siegfried Gottfried Eberhard Volker Gerd Heiko Ingo Lutz Kai Henning Malte "
    "Jannik Hauke Fiete Konrad Friedrich Johannes Nikolaus Benedikt Leopold Gustav Emil Anton Ferdinand "
    "Wilhelm Heinrich Ulrich Rüdiger"
)
DE_GIVEN_FEMALE = _split(
    "Mia Emma Hannah Sophia Lea Lena Marie Anna Laura Lisa Julia Sarah Katharina Johanna Charlotte "
    "Franziska Christina Stefanie Sabine Petra Andrea Claudia Susanne Birgit Monika Ursula Renate "
    "Gisela Helga Ingrid Brigitte Elke Heike Silke Anke Dagmar Gudrun Hildegard Irmgard Waltraud "
    "Roswitha Liselotte Annegret Wiebke Frauke Imke Gesche Mareike Svenja Jana Nadine Tanja Kerstin "
    "Ramona Manuela Bettina Cornelia Dorothea Theresa Magdalena Elisabeth Margarete Gabriele Veronika "
    "Rosemarie Friederike Henriette"
)
DE_SURNAMES = _split(
    "Müller Schmidt Schneider Fischer Meyer Weber Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf "
    "Schröder Neumann Schwarz Braun Zimmermann Krüger Hartmann Lange Werner Krause Lehmann Köhler Maier "
    "Huber Kaiser Fuchs Peters Scholz Möller Jung Hahn Vogel Keller Günther Berger Winkler Lorenz "
    "Baumann Albrecht Schuster Simon Böhm Winter Kraus Schumacher Vogt Jäger Sommer Brandt Haas Graf "
    "Dietrich Ziegler Kuhn Engel Pohl Horn Busch Bergmann Voigt Sauer Pfeiffer Lindner Hübner Franke "
    "Beyer Seifert Lenz Brinkmann Kirchner Stahl Heß Kern Thiel Marx Rieger Behrens Kolb Geiger Ebert "
    "Reuter Lutz Kunz Nagel Frey Maurer Unger Ott Hauser Böttcher Krebs Kruse Wegner Busse Ackermann "
    "Hoppe Ahrens Jahn Haase Gerlach Wenzel Heller Mertens Grimm Barth Decker Köster Schrader Bender "
    "Eckert Hartung Riedel Blum Rupp Kopp Glaser Raab Kaufmann Förster Gärtner Harms Janssen Claßen "
    "Tiedemann Wiechmann Oltmanns Feddersen Petersen Hinrichs Lohmann Sievers Rademacher Overbeck "
    "Steinbach Rosenthal Falkenberg Lichtenberg Kühnel Pfaff Stegemann Quast Drechsler Wolter Reimers "
    "Dreyer Timm Knoll Seidl Brunner Hofer Aigner Eder Gruber Wimmer Leitner Moser Hölzl Zeller Pichler"
)
NICKNAMES = {
    "Michael": ["Mike", "Mick"],
    "David": ["Dave", "Davey"],
    "John": ["Johnny", "Jack"],
    "James": ["Jim", "Jamie"],
    "Robert": ["Bob", "Rob", "Robby"],
    "William": ["Bill", "Will", "Liam"],
    "Christopher": ["Chris", "Kit"],
    "Daniel": ["Dan", "Danny"],
    "Matthew": ["Matt"],
    "Joseph": ["Joe"],
    "Andrew": ["Andy", "Drew"],
    "Joshua": ["Josh"],
    "Thomas": ["Tom", "Tommy"],
    "Anthony": ["Tony"],
    "Steven": ["Steve"],
    "Timothy": ["Tim"],
    "Jeffrey": ["Jeff"],
    "Jonathan": ["Jon"],
    "Benjamin": ["Ben", "Benji"],
    "Nicholas": ["Nick", "Nico"],
    "Samuel": ["Sam", "Sammy"],
    "Gregory": ["Greg"],
    "Patrick": ["Pat", "Paddy"],
    "Alexander": ["Alex", "Xander"],
    "Zachary": ["Zach"],
    "Douglas": ["Doug"],
    "Theodore": ["Ted", "Theo"],
    "Frederick": ["Fred", "Freddie"],
    "Ronald": ["Ron", "Ronnie"],
    "Edward": ["Ed", "Eddie", "Ned"],
    "Charles": ["Charlie", "Chuck"],
    "Richard": ["Rich", "Dick", "Rick"],
    "Kenneth": ["Ken"],
    "Lawrence": ["Larry"],
    "Raymond": ["Ray"],
    "Francis": ["Frank"],
    "Jennifer": ["Jenny", "Jen"],
    "Jessica": ["Jess", "Jessie"],
    "Elizabeth": ["Liz", "Beth", "Eliza"],
    "Katherine": ["Kate", "Katie", "Kathy"],
    "Rebecca": ["Becky", "Becca"],
    "Samantha": ["Sam", "Sammy"],
    "Victoria": ["Vicky", "Tori"],
    "Kimberly": ["Kim"],
    "Patricia": ["Patty", "Trish"],
    "Deborah": ["Debbie"],
    "Margaret": ["Peggy", "Meg", "Maggie"],
    "Susan": ["Sue", "Suzy"],
    "Barbara": ["Barb"],
    "Dorothy": ["Dottie", "Dot"],
    "Abigail": ["Abby"],
    "Alexandra": ["Alex", "Lexi"],
    "Christina": ["Tina", "Chrissy"],
    "Theresa": ["Tess", "Terri", "Resi"],
    "Eleanor": ["Ellie", "Nell"],
    "Josephine": ["Josie", "Jo"],
    "Penelope": ["Penny"],
    "Cynthia": ["Cindy"],
    "Pamela": ["Pam"],
    "Judith": ["Judy"],
    "Valerie": ["Val"],
    "Lukas": ["Luke"],
    "Maximilian": ["Max", "Maxi"],
    "Niklas": ["Nik"],
    "Philipp": ["Phil"],
    "Tobias": ["Tobi"],
    "Florian": ["Flo"],
    "Sebastian": ["Basti"],
    "Christian": ["Chris"],
    "Stefan": ["Steffen"],
    "Andreas": ["Andi"],
    "Markus": ["Mark"],
    "Wolfgang": ["Wolf"],
    "Matthias": ["Matze", "Hias"],
    "Johannes": ["Hannes", "Jo"],
    "Nikolaus": ["Niko", "Klaus"],
    "Benedikt": ["Bene"],
    "Leopold": ["Poldi"],
    "Ferdinand": ["Ferdi"],
    "Friedrich": ["Fritz"],
    "Wilhelm": ["Willi"],
    "Heinrich": ["Heinz"],
    "Ulrich": ["Uli"],
    "Joachim": ["Achim"],
    "Katharina": ["Kathi", "Katja"],
    "Franziska": ["Franzi"],
    "Stefanie": ["Steffi"],
    "Johanna": ["Hanna"],
    "Magdalena": ["Lena", "Leni"],
    "Elisabeth": ["Lisa", "Elli", "Sissi"],
    "Margarete": ["Grete", "Gretel"],
    "Gabriele": ["Gabi"],
    "Dorothea": ["Thea", "Doro"],
    "Veronika": ["Vroni"],
    "Susanne": ["Susi"],
    "Friederike": ["Rike"],
    "Henriette": ["Jette"],
    "Liselotte": ["Lilo", "Lotte"],
}
US_JOBS = ["Teacher", "Nurse", "Electrician", "Pharmacist", "Architect", "Paralegal", "Chef", "Retired"]
DE_JOBS = ["Lehrer", "Pflegerin", "Elektriker", "Apothekerin", "Architekt", "Koch", "Rentnerin", "Beamter"]
MARITAL_STATUSES = ["Single", "Married", "Married", "Divorced", "Widowed", None]

# --- places: (city, state code, state name, postcode prefix, phone area code) ----------------------------
US_CITIES = [
    ("Seattle", "WA", "Washington", "981", "206"),
    ("Spokane", "WA", "Washington", "992", "509"),
    ("Portland", "OR", "Oregon", "972", "503"),
    ("Boise", "ID", "Idaho", "837", "208"),
    ("Sacramento", "CA", "California", "958", "916"),
    ("Fresno", "CA", "California", "937", "559"),
    ("San Diego", "CA", "California", "921", "619"),
    ("Phoenix", "AZ", "Arizona", "850", "602"),
    ("Tucson", "AZ", "Arizona", "857", "520"),
    ("Denver", "CO", "Colorado", "802", "303"),
    ("Albuquerque", "NM", "New Mexico", "871", "505"),
    ("Austin", "TX", "Texas", "787", "512"),
    ("San Antonio", "TX", "Texas", "782", "210"),
    ("El Paso", "TX", "Texas", "799", "915"),
    ("Tulsa", "OK", "Oklahoma", "741", "918"),
    ("Omaha", "NE", "Nebraska", "681", "402"),
    ("Kansas City", "MO", "Missouri", "641", "816"),
    ("St. Louis", "MO", "Missouri", "631", "314"),
    ("Minneapolis", "MN", "Minnesota", "554", "612"),
    ("Milwaukee", "WI", "Wisconsin", "532", "414"),
    ("Chicago", "IL", "Illinois", "606", "312"),
    ("Indianapolis", "IN", "Indiana", "462", "317"),
    ("Columbus", "OH", "Ohio", "432", "614"),
    ("Cleveland", "OH", "Ohio", "441", "216"),
    ("Detroit", "MI", "Michigan", "482", "313"),
    ("Pittsburgh", "PA", "Pennsylvania", "152", "412"),
    ("Philadelphia", "PA", "Pennsylvania", "191", "215"),
    ("Baltimore", "MD", "Maryland", "212", "410"),
    ("Richmond", "VA", "Virginia", "232", "804"),
    ("Raleigh", "NC", "North Carolina", "276", "919"),
    ("Charlotte", "NC", "North Carolina", "282", "704"),
    ("Atlanta", "GA", "Georgia", "303", "404"),
    ("Nashville", "TN", "Tennessee", "372", "615"),
    ("Louisville", "KY", "Kentucky", "402", "502"),
    ("Tampa", "FL", "Florida", "336", "813"),
    ("Orlando", "FL", "Florida", "328", "407"),
    ("Boston", "MA", "Massachusetts", "021", "617"),
    ("Hartford", "CT", "Connecticut", "061", "860"),
    ("Albany", "NY", "New York", "122", "518"),
    ("Buffalo", "NY", "New York", "142", "716"),
]
DE_CITIES = [
    ("Berlin", "BE", "Berlin", "10", "30"),
    ("Hamburg", "HH", "Hamburg", "22", "40"),
    ("München", "BY", "Bayern", "80", "89"),
    ("Köln", "NW", "Nordrhein-Westfalen", "50", "221"),
    ("Frankfurt am Main", "HE", "Hessen", "60", "69"),
    ("Stuttgart", "BW", "Baden-Württemberg", "70", "711"),
    ("Düsseldorf", "NW", "Nordrhein-Westfalen", "40", "211"),
    ("Leipzig", "SN", "Sachsen", "04", "341"),
    ("Dortmund", "NW", "Nordrhein-Westfalen", "44", "231"),
    ("Essen", "NW", "Nordrhein-Westfalen", "45", "201"),
    ("Bremen", "HB", "Bremen", "28", "421"),
    ("Dresden", "SN", "Sachsen", "01", "351"),
    ("Hannover", "NI", "Niedersachsen", "30", "511"),
    ("Nürnberg", "BY", "Bayern", "90", "911"),
    ("Duisburg", "NW", "Nordrhein-Westfalen", "47", "203"),
    ("Bochum", "NW", "Nordrhein-Westfalen", "44", "234"),
    ("Wuppertal", "NW", "Nordrhein-Westfalen", "42", "202"),
    ("Bielefeld", "NW", "Nordrhein-Westfalen", "33", "521"),
    ("Bonn", "NW", "Nordrhein-Westfalen", "53", "228"),
    ("Münster", "NW", "Nordrhein-Westfalen", "48", "251"),
    ("Mannheim", "BW", "Baden-Württemberg", "68", "621"),
    ("Karlsruhe", "BW", "Baden-Württemberg", "76", "721"),
    ("Augsburg", "BY", "Bayern", "86", "821"),
    ("Wiesbaden", "HE", "Hessen", "65", "611"),
    ("Kiel", "SH", "Schleswig-Holstein", "24", "431"),
    ("Lübeck", "SH", "Schleswig-Holstein", "23", "451"),
    ("Rostock", "MV", "Mecklenburg-Vorpommern", "18", "381"),
    ("Erfurt", "TH", "Thüringen", "99", "361"),
    ("Magdeburg", "ST", "Sachsen-Anhalt", "39", "391"),
    ("Freiburg im Breisgau", "BW", "Baden-Württemberg", "79", "761"),
    ("Regensburg", "BY", "Bayern", "93", "941"),
    ("Osnabrück", "NI", "Niedersachsen", "49", "541"),
]
US_STREET_NAMES = _split(
    "Maple Oak Cedar Pine Elm Birch Willow Walnut Chestnut Spruce Hickory Magnolia Dogwood Sycamore "
    "Lincoln Washington Jefferson Madison Monroe Franklin Jackson Adams Grant Sheridan Lafayette Highland "
    "Lakeview Riverside Hillcrest Meadow Prospect Sunset Fairview Ridgeway Orchard Church Mill Market "
    "Union Center Bridge Park Spring Summit Harbor Canyon Valley Forest Garden Heritage Liberty Pioneer "
    "Beacon Clearwater Stonebridge Wildwood Foxglove Juniper"
)
US_STREET_TYPES = [
    "Street",
    "Avenue",
    "Road",
    "Drive",
    "Lane",
    "Boulevard",
    "Way",
    "Court",
    "Place",
    "Parkway",
]
US_DIRECTIONS = ["", "", "", "", "N", "S", "E", "W", "NE", "SW"]
DE_STREET_STEMS = _split(
    "Linden Eichen Birken Buchen Kastanien Ahorn Tannen Rosen Tulpen Nelken Flieder Mühlen Kirch Schul "
    "Bahnhof Markt Garten Wiesen Feld Wald Berg Tal Brunnen Schloss Burg Hafen Brücken Post Rathaus "
    "Goethe Schiller Lessing Mozart Beethoven Bismarck Humboldt Kant Fontane Heine Uhland Dürer Gutenberg "
    "Kepler Leibniz Herder Eichendorff Stein Hardenberg Sonnen Mond Stern Lerchen Amsel Drossel Finken"
)
DE_STREET_SUFFIXES = ["straße", "straße", "straße", "weg", "allee", "platz", "gasse", "ring", "damm", "steig"]

# --- organisations --------------------------------------------------------------------------------------
# brand words are made from these syllables, so every run invents its own companies
BRAND_ONSETS = _split("b br d dr f fl g gr k kr l m n p pr qu r s st t tr v z sol var kor")
BRAND_VOWELS = _split("a e i o u a o e ai io")
BRAND_CODAS = _split("n x l r s vo ra tex lon mar dex nova via tis ko")
US_INDUSTRIES = _split(
    "Industries Systems Logistics Foods Pharmaceuticals Textiles Software Engineering Consulting Holdings "
    "Trading Electronics Motors Builders Analytics Marine Energy Medical Robotics Paper Plastics Apparel "
    "Furniture Instruments Chemicals Packaging Aerospace Hospitality Outfitters Biotech Networks Labs "
    "Partners Supply Ventures Metals Glassworks Optics"
)
DE_INDUSTRIES = _split(
    "Maschinenbau Logistik Bau Elektrotechnik Handel Lebensmittel Metallbau Druck Verpackung Software "
    "Immobilien Transporte Kunststofftechnik Medizintechnik Energie Werkzeugbau Anlagenbau Holzbau "
    "Gebäudetechnik Feinmechanik Textil Spedition Automation Messtechnik Fahrzeugbau Systemtechnik "
    "Umwelttechnik Brauerei Möbelwerk Stahlhandel"
)
# legal form -> the ways the same form is written
US_LEGAL_FORMS = {
    "Inc": ["Inc", "Inc.", "Incorporated", "INC"],
    "LLC": ["LLC", "L.L.C.", "Llc"],
    "Corp": ["Corp", "Corp.", "Corporation"],
    "Co": ["Co", "Co.", "Company"],
    "Ltd": ["Ltd", "Ltd.", "Limited"],
    "": [""],
}
US_LEGAL_WEIGHTS = {"Inc": 30, "LLC": 30, "Corp": 15, "Co": 8, "Ltd": 5, "": 12}
DE_LEGAL_FORMS = {
    "GmbH": ["GmbH", "G.m.b.H.", "Gesellschaft mit beschränkter Haftung", "Gmbh"],
    "AG": ["AG", "Aktiengesellschaft"],
    "KG": ["KG", "Kommanditgesellschaft"],
    "GmbH & Co. KG": ["GmbH & Co. KG", "GmbH & Co KG", "GmbH u. Co. KG"],
    "e.K.": ["e.K.", "e. K.", "eingetragener Kaufmann"],
    "UG": ["UG (haftungsbeschränkt)", "UG"],
    "": [""],
}
DE_LEGAL_WEIGHTS = {"GmbH": 45, "AG": 8, "KG": 7, "GmbH & Co. KG": 18, "e.K.": 7, "UG": 5, "": 10}
US_ORG_MAILBOXES = ["info", "sales", "office", "contact", "orders", "billing", "hello", "accounts"]
DE_ORG_MAILBOXES = ["info", "kontakt", "vertrieb", "buero", "bestellung", "rechnung", "service"]
US_FREE_MAIL = [
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "aol.com",
    "icloud.com",
    "hotmail.com",
    "comcast.net",
]
DE_FREE_MAIL = ["gmx.de", "web.de", "t-online.de", "gmail.com", "freenet.de", "posteo.de", "gmx.net"]
US_TLDS = ["com", "com", "com", "com", "net", "us", "io"]
DE_TLDS = ["de", "de", "de", "de", "com", "eu"]
US_COUNTRY_TEXTS = ["United States", "United States", "USA", "US", "U.S.A."]
DE_COUNTRY_TEXTS = ["Germany", "Germany", "Deutschland", "DE", "DEU"]

# --- corruption tables ----------------------------------------------------------------------------------
QWERTY_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
QWERTZ_ROWS = ["1234567890ß", "qwertzuiopü", "asdfghjklöä", "yxcvbnm"]
# what an OCR engine reads for what was printed (both directions are listed where both happen)
OCR_CONFUSIONS = [
    ("5", "S"),
    ("S", "5"),
    ("s", "5"),
    ("0", "O"),
    ("O", "0"),
    ("o", "0"),
    ("1", "l"),
    ("l", "1"),
    ("1", "I"),
    ("I", "1"),
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("d", "cl"),
    ("vv", "w"),
    ("w", "vv"),
    ("8", "B"),
    ("B", "8"),
    ("2", "Z"),
    ("Z", "2"),
    ("6", "G"),
    ("g", "9"),
    ("h", "li"),
    ("li", "h"),
    ("e", "c"),
    ("n", "ri"),
]
# spellings that sound alike: (written, heard-as)
PHONETIC_RULES = [
    ("ph", "f"),
    ("f", "ph"),
    ("ck", "k"),
    ("k", "ck"),
    ("ie", "y"),
    ("y", "ie"),
    ("ey", "ay"),
    ("ay", "ey"),
    ("ei", "ai"),
    ("ai", "ei"),
    ("ey", "ei"),
    ("th", "t"),
    ("dt", "tt"),
    ("tt", "t"),
    ("ll", "l"),
    ("nn", "n"),
    ("mm", "m"),
    ("ss", "s"),
    ("ß", "ss"),
    ("c", "k"),
    ("k", "c"),
    ("z", "s"),
    ("s", "z"),
    ("v", "w"),
    ("w", "v"),
    ("ou", "u"),
    ("ch", "sh"),
    ("sch", "sh"),
    ("qu", "kw"),
    ("x", "ks"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("tz", "z"),
    ("ü", "ue"),
    ("ö", "oe"),
    ("ä", "ae"),
    ("ue", "ü"),
]
