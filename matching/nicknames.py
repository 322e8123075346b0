"""Common given-name variants (English and German): each group is one name."""

GROUPS = (
    "robert bob rob bobby robbie",
    "william bill will billy willy wilhelm",
    "richard rick dick rich richie",
    "james jim jimmy jamie",
    "john jack johnny jon",
    "joseph joe joey",
    "michael mike mikey micha",
    "thomas tom tommy",
    "charles charlie chuck",
    "christopher chris kit",
    "daniel dan danny",
    "matthew matt",
    "anthony tony",
    "andrew andy drew",
    "edward ed eddie ted ned",
    "david dave davy",
    "steven stephen steve",
    "benjamin ben benny",
    "nicholas nick nicky",
    "samuel sam sammy",
    "alexander alex sandy sascha",
    "jonathan jon jonny",
    "timothy tim timmy",
    "kenneth ken kenny",
    "ronald ron ronnie",
    "donald don donny",
    "gregory greg",
    "patrick pat paddy",
    "peter pete",
    "elizabeth liz beth betty eliza lisa elisabeth liesel",
    "margaret maggie meg peggy greta margarete",
    "katherine catherine kate katie kathy cathy katharina katja kathrin",
    "jennifer jen jenny",
    "rebecca becky becca",
    "susan sue susie susanne",
    "patricia pat patty trish",
    "deborah debbie deb",
    "victoria vicky tori",
    "jessica jess jessie",
    "christina chris tina christine",
    "barbara barb babs",
    "dorothy dot dottie",
    "abigail abby",
    "alexandra alex sandra",
    "johannes hans hannes jan",
    "friedrich fritz",
    "wolfgang wolf",
    "josef sepp",
    "franziska franzi",
    "gabriele gabi",
    "magdalena lena",
    "stefanie steffi",
    "cornelia conny",
    "juergen jurgen",
    "heinrich heinz",
)

CANONICAL: dict[str, str] = {}
for group in GROUPS:
    names = group.split()
    for name in names:
        CANONICAL.setdefault(name, names[0])


def same_given_name(a: str, b: str) -> bool:
    """True when the two given names are variants of one name (Robert and Bob)."""
    return bool(a) and CANONICAL.get(a, a) == CANONICAL.get(b, b)
