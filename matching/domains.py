"""Mail domains shared by the public: agreement on them says nothing about who a customer is."""

FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "t-online.de",
        "yahoo.de",
        "freenet.de",
        "proton.me",
        "protonmail.com",
        "mail.com",
        "example.com",
        "example.org",
        "example.net",
    }
)
